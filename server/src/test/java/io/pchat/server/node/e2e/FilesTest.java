package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.ChattingTest.joined;
import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.CommandResult;
import io.pchat.protocol.xccos.FileLink;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Token;
import io.pchat.storage.file.FileDirection;
import io.pchat.storage.file.FileToken;
import io.pchat.storage.room.Inheritable;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;

/**
 * Files end to end: getfutok, HTTP PUT to serveruri/token (201), the room hears a grpchat with
 * the ma-filelink, getfdtok for that link, HTTP GET gives the same bytes; used, expired and
 * wrong-direction tokens are refused.
 */
class FilesTest {

    private static final Pattern LINK = Pattern.compile("ma-filelink://\\S+");

    @TempDir
    static Path dir;
    static TestNode node;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void anUploadedFileIsAnnouncedToTheRoomAndDownloadsByItsLinkByteForByte() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        RoomUri uri = TestNode.uri(room);
        ChatClient alice = node.connect(user("alice"));
        ChatClient bob = node.connect(user("bob"));
        Recorder aliceHears = Recorder.on(alice);
        Recorder bobHears = Recorder.on(bob);
        joined(alice, uri);
        joined(bob, uri);
        byte[] content = new byte[100_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + 7);
        }

        Token up = token(alice.fileUploadToken(uri, "report.bin"));
        HttpResponse<String> put = put(up, content);

        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(up.serveruri()).isEqualTo("http://127.0.0.1:" + node.node.fileAddress().getPort() + "/files");
        GroupChat announced = bobHears.awaitMessages(uri, 1).get(0);
        assertThat(aliceHears.awaitMessages(uri, 1).get(0).msgid()).isEqualTo(announced.msgid());
        assertThat(announced.author()).isEqualTo(user("alice"));
        assertThat(announced.chat()).contains("report.bin");
        Matcher m = LINK.matcher(announced.chat());
        assertThat(m.find()).as(announced.chat()).isTrue();
        FileLink link = FileLink.parse(m.group()).orElseThrow();
        assertThat(link.room()).isEqualTo(uri);
        assertThat(put.body()).contains(link.toString());
        assertThat(node.storedTexts(room)).containsExactly(announced.chat());

        Token down = token(bob.fileDownloadToken(uri, link.toString()));
        HttpResponse<byte[]> get = get(down);

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(content);
        assertThat(get(down).body()).as("a download token serves until it expires").isEqualTo(content);

        // the upload token is used up; a download token does not upload; an upload token does not download
        assertThat(put(up, "again".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(403);
        assertThat(put(down, "sneaky".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(403);
        Token up2 = token(alice.fileUploadToken(uri, "other.txt"));
        assertThat(get(up2).statusCode()).isEqualTo(403);
        assertThat(node.storedTexts(room)).hasSize(1);
    }

    @Test
    void expiredAndUnknownTokensAreRefused() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        ChatClient carol = node.connect(user("carol"));
        Token serverUri = token(carol.fileUploadToken(TestNode.uri(room), "x.txt"));
        FileToken expiredUp = node.store().files().issue(FileDirection.UPLOAD, room.id(), user("carol"), "late.txt",
                Duration.ofMillis(1));
        FileToken expiredDown = node.store().files().issue(FileDirection.DOWNLOAD, room.id(), user("carol"), "late.txt",
                Duration.ofMillis(1));
        org.awaitility.Awaitility.await().atMost(TestNode.WAIT)
                .until(() -> java.time.Instant.now().isAfter(expiredDown.expiresAt().plusMillis(1)));

        assertThat(put(new Token(expiredUp.token(), serverUri.serveruri()), new byte[] {1}).statusCode()).isEqualTo(403);
        assertThat(get(new Token(expiredDown.token(), serverUri.serveruri())).statusCode()).isEqualTo(403);
        assertThat(get(new Token("00000000-0000-0000-0000-000000000000", serverUri.serveruri())).statusCode()).isEqualTo(403);
        assertThat(node.storedTexts(room)).isEmpty();
    }

    @Test
    void noUploadTokenWhereFilesMayNotBePosted() throws Exception {
        Room noFiles = node.createRoom(s -> s.withPrivacy(Privacy.OPEN).withFileUpload(Inheritable.OFF));
        ChatClient dave = node.connect(user("dave"));

        CommandResult<Optional<Token>> refused = dave.fileUploadToken(TestNode.uri(noFiles), "x.txt").get(10, TimeUnit.SECONDS);

        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.value()).isEmpty();
        assertThat(dave.fileDownloadToken(TestNode.uri(noFiles), "x.txt").get(10, TimeUnit.SECONDS).code()).isEqualTo(200);
    }

    private static Token token(java.util.concurrent.CompletableFuture<CommandResult<Optional<Token>>> asked) throws Exception {
        CommandResult<Optional<Token>> r = asked.get(10, TimeUnit.SECONDS);
        assertThat(r.code()).isEqualTo(200);
        return r.value().orElseThrow();
    }

    private static URI url(Token token) {
        return URI.create(token.serveruri() + "/" + token.token());
    }

    private static HttpResponse<String> put(Token token, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(url(token)).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> get(Token token) throws Exception {
        return http.send(HttpRequest.newBuilder(url(token)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
