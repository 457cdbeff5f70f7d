package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.ChattingTest.joined;
import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Token;
import io.pchat.server.node.DataDirectory;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;

/**
 * The node's data directory is private: the database holds password-equivalent HA1 hashes. What
 * the node creates is owner-only whatever the umask (0700 directories, 0600 files), and an
 * existing directory open to others is warned about. (The database file was 0644 before.)
 */
class DataAtRestTest {

    @TempDir
    Path dir;

    @Test
    void aNewDataDirectoryAndEverythingTheNodeWritesInItAreOwnerOnly() throws Exception {
        Path data = dir.resolve("data");
        try (TestNode node = TestNode.start(data)) {
            Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
            RoomUri uri = TestNode.uri(room);
            ChatClient alice = node.connect(user("alice"));
            joined(alice, uri);
            Token up = alice.fileUploadToken(uri, "secret.txt").get(10, TimeUnit.SECONDS).value().orElseThrow();
            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(up.serveruri() + "/" + up.token())).timeout(Duration.ofSeconds(10))
                    .PUT(HttpRequest.BodyPublishers.ofString("private")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(201);

            assertThat(mode(data)).as("data directory").isEqualTo("rwx------");
            assertThat(mode(data.resolve("db"))).as("database directory").isEqualTo("rwx------");
            assertThat(mode(data.resolve("db").resolve("pchat.mv.db"))).as("database file").isEqualTo("rw-------");
            assertThat(mode(data.resolve("admin.token"))).as("admin token").isEqualTo("rw-------");
            Path roomFiles = data.resolve("files").resolve(room.id());
            assertThat(mode(data.resolve("files"))).as("posted files' directory").isEqualTo("rwx------");
            assertThat(mode(roomFiles)).as("a room's files' directory").isEqualTo("rwx------");
            try (Stream<Path> stored = Files.list(roomFiles)) {
                List<Path> files = stored.toList();
                assertThat(files).hasSize(1);
                assertThat(mode(files.get(0))).as("a posted file").isEqualTo("rw-------");
            }
        }
    }

    @Test
    void anExistingDataDirectoryOpenToOthersIsWarnedAboutAndLeftAsTheOperatorSetIt() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(DataDirectory.prepare(open)).hasValueSatisfying(w -> assertThat(w).contains("chmod 700"));
        assertThat(mode(open)).isEqualTo("rwxr-xr-x");

        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwx------"));
        assertThat(DataDirectory.prepare(open)).isEmpty();
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
