package io.pchat.server.sip;

import static io.pchat.server.net.PeerSockets.closedWithin;
import static io.pchat.server.net.PeerSockets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * What an unauthenticated peer can cost the node over SIP/TCP, tried the way an attacker would:
 * on loopback, with bounded loops. Each case failed before the bounds existed (a keep-alive
 * flooder that never reads made a node grow by gigabytes; idle and half-sent connections stayed
 * for ever; one address could take every connection).
 */
class ConnectionBoundsTest {
    private static final int HIGH_WATER = 64 * 1024;
    private static final long MAX_OUTBOUND = 256 * 1024;

    private static SessionSettings.Builder tight(SessionSettings.Builder b) {
        return b.outboundHighWaterMark(HIGH_WATER).connectionLimits(ConnectionLimits.DEFAULTS
                .withMaxOutboundBytes(MAX_OUTBOUND).withOutboundBudget(64L << 20)
                .withHandshakeTimeout(Duration.ofSeconds(1)).withMessageTimeout(Duration.ofSeconds(1))
                .withIdleTimeout(Duration.ofSeconds(1)).withMaxConnectionsPerAddress(5));
    }

    @Test
    void aKeepAliveFlooderThatNeverReadsHoldsAtMostOneAnswerOfTheNodesMemory() throws Exception {
        try (ListenerFixture node = ListenerFixture.start(ConnectionBoundsTest::tight);
                Socket flooder = nonReading(node.port())) {
            OutputStream out = flooder.getOutputStream();
            byte[] keepAlives = "\r\n\r\n".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII); // 64 KiB
            long sent = 0;
            long mostQueued = 0;
            for (int i = 0; i < 320; i++) { // 20 MiB of keep-alives, each of which used to get its own answer
                out.write(keepAlives);
                sent += keepAlives.length;
                mostQueued = Math.max(mostQueued, node.listener.queuedOutboundBytes());
            }
            assertThat(sent).as("the flooder really sent its keep-alives").isEqualTo(320L * keepAlives.length);
            Thread.sleep(200); // a sweep or more reports the connection's queue to the listener
            mostQueued = Math.max(mostQueued, node.listener.queuedOutboundBytes());
            assertThat(mostQueued).as("bytes queued to a non-reading keep-alive flooder").isLessThanOrEqualTo(2);
            assertStillServes(node);
        }
    }

    @Test
    void pipelinedRequestsFromAPeerThatNeverReadsStopBeingReadAtTheHighWaterMark() throws Exception {
        try (ListenerFixture node = ListenerFixture.start(ConnectionBoundsTest::tight);
                Socket flooder = nonReading(node.port())) {
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] options = options(1).getBytes(StandardCharsets.US_ASCII);
                try {
                    OutputStream out = flooder.getOutputStream();
                    for (int i = 0; i < 200_000; i++) { // 40+ MB if nothing stopped it
                        out.write(options);
                        sent.addAndGet(options.length);
                    }
                } catch (IOException closedOrBlocked) {
                    // the node closed it
                }
            }, "options-flooder");
            writer.setDaemon(true);
            writer.start();
            writer.join(3_000);
            long queued = node.listener.queuedOutboundBytes();
            assertThat(writer.isAlive()).as("the flooder's writes block: the node stopped reading it").isTrue();
            assertThat(sent.get()).as("bytes the node took in before it stopped reading").isLessThan(8L << 20);
            assertThat(queued).as("bytes queued to the flooder").isLessThanOrEqualTo(MAX_OUTBOUND);
            assertStillServes(node);
            flooder.close();
            writer.join(5_000);
        }
    }

    @Test
    void aConnectionThatQueuesMoreThanItsCapIsClosedAtOnce() {
        EmbeddedChannel channel = new EmbeddedChannel(new OutboundLimit(1_000));
        channel.write(Unpooled.wrappedBuffer(new byte[400]));
        channel.write(Unpooled.wrappedBuffer(new byte[400]));
        assertThat(channel.isOpen()).as("800 bytes queued, under the cap").isTrue();

        channel.write(Unpooled.wrappedBuffer(new byte[400]));

        assertThat(channel.isOpen()).as("1,200 bytes queued, over the cap of 1,000").isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void aConnectionThatSaysNothingIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (ListenerFixture node = ListenerFixture.start(ConnectionBoundsTest::tight);
                Socket silent = connect(node.port())) {
            assertThat(closedWithin(silent, Duration.ofSeconds(5))).as("closed by the node").isTrue();
        }
    }

    @Test
    void aMessageSentAByteAtATimeIsCutAtTheMessageDeadline() throws Exception {
        try (ListenerFixture node = ListenerFixture.start(ConnectionBoundsTest::tight);
                Socket slow = connect(node.port())) {
            OutputStream out = slow.getOutputStream();
            byte[] head = options(1).getBytes(StandardCharsets.US_ASCII);
            long began = System.nanoTime();
            int sent = 0;
            try {
                for (; sent < head.length - 4 && System.nanoTime() - began < 8_000_000_000L; sent++) {
                    out.write(head[sent]); // a byte every 100 ms, never the end of the header block
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException closed) {
                // the node closed it
            }
            assertThat(closedWithin(slow, Duration.ofSeconds(5))).as("closed by the node").isTrue();
            assertThat(sent).as("bytes trickled before the cut").isBetween(5, 40);
        }
    }

    @Test
    void aConnectionWithoutDialogOrRegistrationIsClosedWhenIdleButKeepAlivesDoNotKeepIt() throws Exception {
        try (ListenerFixture node = ListenerFixture.start(ConnectionBoundsTest::tight);
                Socket idle = connect(node.port())) {
            OutputStream out = idle.getOutputStream();
            out.write(options(1).getBytes(StandardCharsets.US_ASCII));
            long began = System.nanoTime();
            boolean open = true;
            try {
                while (System.nanoTime() - began < 6_000_000_000L) {
                    out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    Thread.sleep(200);
                }
            } catch (IOException closed) {
                open = false;
            }
            assertThat(!open || closedWithin(idle, Duration.ofSeconds(2))).as("closed by the node").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - began)).as("not before the idle timeout")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void oneAddressCannotTakeMoreThanItsShareOfConnections() throws Exception {
        try (ListenerFixture node = ListenerFixture.start(ConnectionBoundsTest::tight)) {
            List<SipTestClient> admitted = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    SipTestClient client = node.connect();
                    admitted.add(client);
                    client.send(options(i), new byte[0]);
                    assertThat(client.awaitResponse(r -> true).getStatusCode()).isEqualTo(200);
                }
                try (Socket sixth = connect(node.port())) {
                    assertThat(closedWithin(sixth, Duration.ofSeconds(5))).as("the sixth from 127.0.0.1 is refused").isTrue();
                }
                assertThat(node.listener.connectionCount()).isEqualTo(5);
            } finally {
                admitted.forEach(SipTestClient::close);
            }
        }
    }

    @Test
    void trustedFrontEndsAreExemptFromThePerAddressCap() throws Exception {
        try (ListenerFixture node = ListenerFixture.start(b -> tight(b).trustedPeers("127.0.0.1"))) {
            List<SipTestClient> admitted = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    SipTestClient client = node.connect();
                    admitted.add(client);
                    client.send(options(i), new byte[0]);
                    assertThat(client.awaitResponse(r -> true).getStatusCode()).isEqualTo(200);
                }
            } finally {
                admitted.forEach(SipTestClient::close);
            }
        }
    }

    @Test
    void pastTheNodesOutboundBudgetTheSlowestConnectionsAreCut() throws Exception {
        // alone, a stalled flooder stays under the cap (see above); five together exceed the budget
        try (ListenerFixture node = ListenerFixture.start(b -> b.outboundHighWaterMark(HIGH_WATER)
                .connectionLimits(ConnectionLimits.DEFAULTS.withMaxOutboundBytes(MAX_OUTBOUND)
                        .withOutboundBudget(MAX_OUTBOUND)))) {
            List<Socket> flooders = new ArrayList<>();
            List<Thread> writers = new ArrayList<>();
            try {
                for (int f = 0; f < 5; f++) {
                    Socket flooder = nonReading(node.port());
                    flooders.add(flooder);
                    Thread writer = new Thread(() -> {
                        byte[] options = options(1).getBytes(StandardCharsets.US_ASCII);
                        try {
                            OutputStream out = flooder.getOutputStream();
                            for (int i = 0; i < 200_000; i++) {
                                out.write(options);
                            }
                        } catch (IOException closed) {
                            // cut by the node
                        }
                    });
                    writer.setDaemon(true);
                    writer.start();
                    writers.add(writer);
                }
                // the slowest are cut until what is queued fits the budget again; the others stay, stalled
                await().atMost(Duration.ofSeconds(10)).until(() -> writers.stream().filter(Thread::isAlive).count() <= 3);
                await().atMost(Duration.ofSeconds(5)).until(() -> node.listener.queuedOutboundBytes() <= MAX_OUTBOUND);
                long cut = flooders.stream().filter(s -> closedWithin(s, Duration.ofMillis(200))).count();
                assertThat(cut).as("stalled flooders cut for the budget").isBetween(2L, 5L);
                assertStillServes(node);
            } finally {
                for (Socket s : flooders) {
                    s.close();
                }
            }
        }
    }

    private static void assertStillServes(ListenerFixture node) {
        try (SipTestClient client = node.connect()) {
            client.send(options(99), new byte[0]);
            assertThat(client.awaitResponse(r -> true).getStatusCode()).as("another client is served").isEqualTo(200);
        }
    }

    private static String options(int cseq) {
        return "OPTIONS sip:pchat@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-bounds-" + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:mallory@example.com>;tag=m" + cseq + "\r\n"
                + "To: <sip:pchat@example.com>\r\n"
                + "Call-ID: bounds-" + cseq + "@127.0.0.1\r\n"
                + "CSeq: " + cseq + " OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }


    /** A socket with a small receive buffer that the test never reads. */
    private static Socket nonReading(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

}
