package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.ChattingTest.joined;
import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.NoticeNames;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.node.NodeConfig;

/**
 * A slow consumer (docs/sip.md, docs/sessions.md "output stalls"): a dialog joined to a busy
 * room whose client never reads its socket is ended by the node once its connection stays above
 * the high-water mark (its dialog leaves the room, the others get ntc:part), instead of the
 * node buffering for it without bound; the others keep receiving every message.
 */
class SlowConsumerTest {

    private static final String SLOW = user("sloth");

    @TempDir
    Path dir;

    @Test
    void aDialogThatNeverReadsIsEndedAndTheOthersKeepReceiving() throws Exception {
        NodeConfig.ChatLimits d = NodeConfig.ChatLimits.defaults();
        NodeConfig.ChatLimits bigMessages = new NodeConfig.ChatLimits(d.defaultChatHistory(), 30_000, d.storySizeLimit(),
                d.searchLimit(), d.participantUpdateLimit(), d.fileSizeLimitKb(), d.fileTokenLifetime());
        try (TestNode node = TestNode.start(dir, c -> c.withChat(bigMessages).withSessions(TestNode.sessions()
                .outboundHighWaterMark(32 * 1024).outboundStallLimit(Duration.ofMillis(300)).build()));
             Socket slow = new Socket()) {
            RoomUri lobby = node.lobby();
            ChatClient alice = node.connect(user("alice"));
            ChatClient bob = node.connect(user("bob"));
            Recorder bobHears = Recorder.on(bob);
            joined(alice, lobby);
            joined(bob, lobby);
            joinWithoutReading(slow, node, lobby);
            bobHears.awaitNotices(NoticeNames.JOIN, 1);
            String text = "x".repeat(30_000); // big deliveries fill the socket buffers quickly

            int posted = 0;
            List<CompletableFuture<PostResult>> window = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (node.joined(node.lobbyRoom(), SLOW) && System.nanoTime() < deadline) {
                for (int i = 0; i < 20; i++) {
                    window.add(alice.post(lobby, text));
                }
                for (CompletableFuture<PostResult> p : window) {
                    assertThat(p.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
                }
                posted += window.size();
                window.clear();
            }

            assertThat(node.joined(node.lobbyRoom(), SLOW)).as("the slow dialog was ended within 15 s").isFalse();
            assertThat(posted).as("posts it took").isGreaterThan(2);
            assertThat(bobHears.awaitNotices(NoticeNames.PART, 1).get(0).data().toString()).contains(SLOW);
            // the others go on: everything posted reached bob once, in order, and more still does
            for (int i = 0; i < 10; i++) {
                assertThat(alice.post(lobby, "after " + i).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            int total = posted + 10;
            assertThat(bobHears.awaitMessages(lobby, total)).extracting(m -> m.msgid())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(alice.isOpen()).isTrue();
            assertThat(bob.isOpen()).isTrue();
            await().atMost(TestNode.WAIT).until(() -> isClosedByPeer(slow));
        }
    }

    /**
     * INVITE, ACK and a cmd:join over a raw socket with a small receive window, reading only as
     * far as the join's INFO answer; nothing is read after that.
     */
    private static void joinWithoutReading(Socket socket, TestNode node, RoomUri room) throws IOException {
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", node.node.sipPort()), 5000);
        socket.setSoTimeout(10_000);
        String hostPort = "127.0.0.1:" + socket.getLocalPort();
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        String callId = "slow-consumer-1";
        out.write(request("INVITE sip:pchat@example.com", hostPort, callId, 1, "INVITE", null, "").getBytes(StandardCharsets.UTF_8));
        String ok = readUntil(in, "CSeq: 1 INVITE");
        Matcher tag = Pattern.compile("(?m)^To:.*;tag=([^;\\s]+)").matcher(ok);
        assertThat(tag.find()).as(ok).isTrue();
        String toTag = tag.group(1);
        out.write(request("ACK sip:pchat@example.com", hostPort, callId, 1, "ACK", toTag, "").getBytes(StandardCharsets.UTF_8));
        out.write(request("INFO sip:pchat@example.com", hostPort, callId, 2, "INFO", toTag, RawXccos.join(room))
                .getBytes(StandardCharsets.UTF_8));
        readUntil(in, "CSeq: 2 INFO");
    }

    private static String request(String line, String hostPort, String callId, int cseq, String method, String toTag, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return line + " SIP/2.0\r\nVia: SIP/2.0/TCP " + hostPort + ";branch=z9hG4bKslow" + cseq + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <" + SLOW + ">;tag=slow1\r\nTo: <sip:pchat@example.com>"
                + (toTag == null ? "" : ";tag=" + toTag) + "\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:sloth@" + hostPort + ";transport=tcp>\r\n"
                + (bytes.length > 0 ? "Content-Type: text/plain\r\n" : "")
                + "Content-Length: " + bytes.length + "\r\n\r\n" + body;
    }

    /** Reads until {@code marker} and the end of that message's header block have arrived. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        while (true) {
            String text = seen.toString(StandardCharsets.UTF_8);
            int at = text.indexOf(marker);
            if (at >= 0 && text.indexOf("\r\n\r\n", at) >= 0) {
                return text;
            }
            if (in.read(one) < 0) {
                throw new IOException("closed before " + marker + ": " + text);
            }
            seen.write(one[0]);
        }
    }

    private static boolean isClosedByPeer(Socket socket) {
        try {
            socket.setSoTimeout(1);
            InputStream in = socket.getInputStream();
            byte[] drain = new byte[64 * 1024];
            while (true) {
                int n = in.read(drain);
                if (n < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
