package io.pchat.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.protocol.xccos.FileLink;
import io.pchat.storage.ChatStore;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.file.FileDirection;
import io.pchat.storage.file.FileToken;
import io.pchat.storage.pool.PoolEpoch;

class FileHttpServerTest {
    private static final AtomicInteger DB = new AtomicInteger();
    private static final String ROOM = "3f2a9c1e-0000-4000-8000-00000000000a";
    private static final String ALICE = "sip:alice@example.com";
    private static final long LIMIT = 64 * 1024;

    @TempDir
    static Path dir;

    static ChatStore store;
    static ExecutorService storage;
    static FileHttpServer server;
    static FileRepository repository;
    static final List<FileLink> posted = new CopyOnWriteArrayList<>();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        store = ChatStore.open(StorageConfig.builder()
                .primary(EndpointConfig.of("jdbc:h2:mem:files" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1")).build(),
                new PoolEpoch(1));
        storage = Executors.newFixedThreadPool(2);
        repository = new FileRepository(dir.resolve("files"));
        server = new FileHttpServer(new FileServerSettings(new InetSocketAddress("127.0.0.1", 0), "example.com", LIMIT),
                store.files(), repository, (uploader, roomId, name, link) -> {
                    posted.add(link);
                    return CompletableFuture.completedFuture(null);
                }, storage);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        storage.shutdownNow();
        store.close();
    }

    private static URI uri(String token) {
        return URI.create("http://127.0.0.1:" + server.boundAddress().getPort() + "/files/" + token);
    }

    private static HttpResponse<String> put(String token, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(token)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> get(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(token)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static FileToken token(FileDirection direction, String name) {
        return store.files().issue(direction, ROOM, ALICE, name, Duration.ofMinutes(5));
    }

    @Test
    void anUploadWithAValidTokenIsStoredRecordedAnnouncedAndCanBeDownloaded() throws Exception {
        byte[] content = "quarterly plan\nline two\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> up = put(token(FileDirection.UPLOAD, "plan.txt").token(), content);

        assertThat(up.statusCode()).isEqualTo(201);
        FileLink link = posted.stream().filter(l -> up.body().contains(l.fileId())).findFirst().orElseThrow();
        assertThat(link.roomId()).isEqualTo(ROOM);
        assertThat(Files.readAllBytes(repository.path(ROOM, link.fileId()))).isEqualTo(content);
        assertThat(store.files().file(ROOM, link.fileId())).hasValueSatisfying(f -> {
            assertThat(f.fileName()).isEqualTo("plan.txt");
            assertThat(f.sizeBytes()).isEqualTo(content.length);
        });

        HttpResponse<byte[]> down = get(token(FileDirection.DOWNLOAD, link.toString()).token());
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).isEqualTo(content);
        assertThat(down.headers().firstValue("content-disposition")).hasValueSatisfying(v -> assertThat(v).contains("plan.txt"));

        StringWriter export = new StringWriter();
        store.compliance().export(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60), export);
        assertThat(export.toString()).contains("FILEUPLOAD").contains("FILEDOWNLOAD").contains(link.fileId());
    }

    @Test
    void anUploadTokenWorksOnce() throws Exception {
        String t = token(FileDirection.UPLOAD, "once.txt").token();
        assertThat(put(t, new byte[] {1, 2, 3}).statusCode()).isEqualTo(201);
        assertThat(put(t, new byte[] {1, 2, 3}).statusCode()).isEqualTo(403);
    }

    @Test
    void parallelUploadsWithOneTokenAreRefusedBeforeTheirBodiesAreRead() throws Exception {
        String t = token(FileDirection.UPLOAD, "raced.bin").token();
        URI target = uri(t);
        // the first upload sends its head and part of its body, then holds: it is under way
        try (java.net.Socket first = new java.net.Socket("127.0.0.1", target.getPort())) {
            first.getOutputStream().write(("PUT " + target.getPath() + " HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            first.getOutputStream().write(new byte[20_000]);
            first.getOutputStream().flush();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (var parts = Files.list(dir.resolve("files").resolve(".incoming"))) {
                    return parts.findAny().isPresent();
                }
            });
            long incomingBefore;
            try (var parts = Files.list(dir.resolve("files").resolve(".incoming"))) {
                incomingBefore = parts.count();
            }
            List<HttpResponse<String>> others = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                others.add(put(t, new byte[50_000]));
            }
            assertThat(others).extracting(HttpResponse::statusCode).containsOnly(409);
            try (var parts = Files.list(dir.resolve("files").resolve(".incoming"))) {
                assertThat(parts.count()).as("no body of the refused ones was written").isEqualTo(incomingBefore);
            }
            first.getOutputStream().write(new byte[40_000]);
            first.getOutputStream().flush();
            first.setSoTimeout(10_000);
            String answer = new String(first.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 201");
        }
        assertThat(put(t, new byte[] {1}).statusCode()).as("then used up").isEqualTo(403);
    }

    @Test
    void aTokenIsHonouredOnlyForItsDirection() throws Exception {
        assertThat(put(token(FileDirection.DOWNLOAD, "x.txt").token(), new byte[] {1}).statusCode()).isEqualTo(403);
        assertThat(get(token(FileDirection.UPLOAD, "x.txt").token()).statusCode()).isEqualTo(403);
    }

    @Test
    void anUnknownTokenIsRefusedAndNothingIsStored() throws Exception {
        int before = posted.size();
        assertThat(put("0badc0de-0000-0000-0000-000000000000", new byte[100]).statusCode()).isEqualTo(403);
        assertThat(get("0badc0de-0000-0000-0000-000000000000").statusCode()).isEqualTo(403);
        assertThat(posted).hasSize(before);
    }

    @Test
    void aFileOverTheLimitIsRefusedWith413AndNothingIsStored() throws Exception {
        int before = posted.size();
        String t = token(FileDirection.UPLOAD, "big.bin").token();
        assertThat(put(t, new byte[(int) LIMIT + 1]).statusCode()).isEqualTo(413);
        assertThat(posted).hasSize(before);
        try (var incoming = Files.list(repository.root().resolve(".incoming"))) {
            assertThat(incoming).isEmpty();
        }
    }

    @Test
    void theRefusalReachesAClientStillSendingItsBody() throws Exception {
        // The node refuses on Content-Length, before the body arrives; closing with unread input
        // would reset the connection and the client would never see the 413.
        int before = posted.size();
        int refused = 0;
        for (int i = 0; i < 25; i++) {
            String t = token(FileDirection.UPLOAD, "huge" + i + ".bin").token();
            assertThat(put(t, new byte[(int) LIMIT * 4 + 1]).statusCode()).isEqualTo(413);
            refused++;
        }
        assertThat(refused).isEqualTo(25);
        assertThat(posted).hasSize(before);
        try (var incoming = Files.list(repository.root().resolve(".incoming"))) {
            assertThat(incoming).isEmpty();
        }
    }

    @Test
    void aChunkedUploadWithoutLengthIsCutOffAtTheLimit() throws Exception {
        int before = posted.size();
        String t = token(FileDirection.UPLOAD, "stream.bin").token();
        byte[] big = new byte[(int) LIMIT * 2];
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri(t))
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException closedWhileSending) {
            r = null; // the node may close before the client has sent everything: also a refusal
        }
        if (r != null) {
            assertThat(r.statusCode()).isEqualTo(413);
        }
        assertThat(posted).hasSize(before);
        assertThat(store.files().peek(t, FileDirection.UPLOAD)).as("token not used up").isPresent();
    }

    @Test
    void aDownloadOfAFileThatIsNotInTheTokensRoomIsNotFound() throws Exception {
        assertThat(get(token(FileDirection.DOWNLOAD, "ma-filelink://example.com/" + ROOM + "/nope").token()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        var root = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.boundAddress().getPort() + "/"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(404);
        var delete = http.send(HttpRequest.newBuilder(uri("abc")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
    }
}
