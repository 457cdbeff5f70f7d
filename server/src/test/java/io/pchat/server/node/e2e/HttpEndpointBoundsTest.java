package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.ChattingTest.joined;
import static io.pchat.server.node.e2e.TestNode.user;
import static io.pchat.server.net.PeerSockets.closedWithin;
import static io.pchat.server.net.PeerSockets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Token;
import io.pchat.server.net.HttpLimits;
import io.pchat.server.node.NodeConfig;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;

/**
 * The file and admin endpoints against peers that hold connections open: a connection cap per
 * endpoint (idle sockets on the file endpoint used to take every descriptor of the process, and
 * then SIP could accept no one), a deadline for the request head that trickled bytes cannot
 * extend, a minimum body rate, and a clear 400 for a broken % escape in an admin path.
 */
class HttpEndpointBoundsTest {
    private static final int FILE_CONNECTIONS = 8;

    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir, c -> c.withHttp(new NodeConfig.HttpEndpointLimits(
                new HttpLimits(FILE_CONNECTIONS, Duration.ofSeconds(1), 64 * 1024), HttpLimits.of(4))));
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void idleSocketsCannotTakeMoreThanTheFileEndpointsCapAndSipStillAccepts() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < FILE_CONNECTIONS; i++) {
                idle.add(connect(filePort()));
            }
            Thread.sleep(100);
            try (Socket extra = connect(filePort())) {
                assertThat(closedWithin(extra, Duration.ofSeconds(2))).as("one over the cap is closed at once").isTrue();
            }
            ChatClient alice = node.connect(user("alice"));
            assertThat(alice.isOpen()).as("SIP still accepts").isTrue();
            assertThat(idle).as("the idle ones are closed at the head deadline, not kept for ever")
                    .allSatisfy(s -> assertThat(closedWithin(s, Duration.ofSeconds(5))).isTrue());
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void aRequestHeadTrickledAByteAtATimeIsCutAtItsDeadline() throws Exception {
        try (Socket slow = connect(filePort())) {
            OutputStream out = slow.getOutputStream();
            byte[] head = "GET /files/00000000-0000-0000-0000-000000000000 HTTP/1.1\r\nHost: x\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            int sent = 0;
            long began = System.nanoTime();
            try {
                for (; sent < head.length && System.nanoTime() - began < 8_000_000_000L; sent++) {
                    out.write(head[sent]);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException cut) {
                // closed by the node
            }
            assertThat(closedWithin(slow, Duration.ofSeconds(5))).isTrue();
            assertThat(sent).as("bytes trickled before the cut (deadline 1 s)").isLessThan(40);
        }
    }

    @Test
    void aBodySentSlowerThanTheMinimumRateIsCut() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        RoomUri uri = TestNode.uri(room);
        ChatClient bob = node.connect(user("bob"));
        joined(bob, uri);
        Token up = bob.fileUploadToken(uri, "slow.bin").get(10, TimeUnit.SECONDS).value().orElseThrow();
        URI url = URI.create(up.serveruri() + "/" + up.token());
        try (Socket slow = connect(url.getPort())) {
            OutputStream out = slow.getOutputStream();
            out.write(("PUT " + url.getPath() + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long began = System.nanoTime();
            long sent = 0;
            try {
                while (System.nanoTime() - began < 10_000_000_000L) {
                    out.write(new byte[1024]); // 10 KiB/s, under the 64 KiB/s minimum
                    sent += 1024;
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException cut) {
                // closed by the node
            }
            assertThat(closedWithin(slow, Duration.ofSeconds(5))).as("the slow upload is cut").isTrue();
            assertThat(sent).as("body bytes sent before the cut").isLessThan(100_000);
        }
        try (var files = Files.list(dir.resolve("files").resolve(".incoming"))) {
            assertThat(files).as("nothing of it left behind").isEmpty();
        }
    }

    @Test
    void aBrokenPercentEscapeInAnAdminPathIsA400() throws Exception {
        String token = Files.readString(dir.resolve("admin.token")).strip();
        try (Socket admin = connect(node.node.adminAddress().getPort())) {
            // no HTTP client library sends this: java.net.URI refuses it, an attacker does not
            admin.getOutputStream().write(("GET /rooms/% HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            admin.setSoTimeout(10_000);
            String answer = new String(admin.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("% escape");
        }
    }

    private static int filePort() {
        return node.node.fileAddress().getPort();
    }


}
