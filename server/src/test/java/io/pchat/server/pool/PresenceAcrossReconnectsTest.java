package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pchat.protocol.link.Deliver;
import io.pchat.protocol.link.ForwardPost;
import io.pchat.protocol.link.Hello;
import io.pchat.protocol.link.LinkFormat;
import io.pchat.protocol.link.LinkFrame;
import io.pchat.protocol.link.LinkFrames;
import io.pchat.protocol.link.PostResult;
import io.pchat.protocol.link.Presence;

/**
 * A peer that redials announces its participants again on the new connection; the late close of
 * its old, half-open connection must not wipe them (the peer would get no fan-out copies).
 */
class PresenceAcrossReconnectsTest {
    final List<NodeLink> links = new ArrayList<>();
    final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        for (NodeLink l : links) {
            l.stop();
        }
    }

    /** What ChatPool.LinkFrames does with presence and connections. */
    static final class PoolLikeFrames implements NodeLink.Frames {
        volatile boolean mirrorInSync = true;

        @Override
        public boolean mirrorInSync() {
            return mirrorInSync;
        }

        final PoolRoster roster = new PoolRoster();
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<PostResult> forwarded(String peer, ForwardPost post) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Boolean> acquire(String peer, String roomId) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void deliver(String peer, Deliver copy) {
        }

        @Override
        public void presence(String peer, Presence presence) {
            roster.apply(peer, presence);
            events.add("presence " + peer);
        }

        @Override
        public void peerUp(String peer) {
            roster.forget(peer);
            events.add("up " + peer);
        }

        @Override
        public void peerDown(String peer) {
            roster.forget(peer);
            events.add("down " + peer);
        }

        @Override
        public void dialled(String peer) {
        }
    }

    @Test
    void theLateCloseOfAReplacedConnectionKeepsThePresenceAnnouncedOnTheNewOne() throws Exception {
        List<PoolMember> members = new ArrayList<>();
        for (String id : List.of("n1", "n2")) {
            members.add(new PoolMember(id, "dc1", InetSocketAddress.createUnresolved("127.0.0.1", 5060),
                    InetSocketAddress.createUnresolved("127.0.0.1", freePort())));
        }
        PoolSettings pool = PoolSettings.single().withMembers(members);
        PoolMember self = pool.member("n1").orElseThrow();
        PoolLikeFrames frames = new PoolLikeFrames();
        NodeLink n1 = new NodeLink(self, pool.withLink("127.0.0.1", self.link().getPort()), frames, () -> 1, null, null);
        links.add(n1);
        n1.start();

        Socket old = dial(n1); // n2's connection, which n2 has given up on (half-open from n1's side)
        send(old, new Hello(LinkFormat.VERSION, "n2", "dc1", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.events.contains("up n2"));

        // n2 has not been heard on it for two ping intervals: it counts as dead, so a new Hello may replace it
        // (a Hello for a member whose connection is alive is refused: a forger cannot cut the real peer off)
        Thread.sleep(10_500);
        Socket fresh = dial(n1); // n2 redialled and announces its participants again
        send(fresh, new Hello(LinkFormat.VERSION, "n2", "dc1", 1));
        send(fresh, new Presence("lobby", "sip:bob@example.com", true, false, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.roster.nodesIn("lobby").contains("n2"));

        old.close(); // n1 finally notices the old connection is gone (n1 closes it itself on the new Hello)
        Thread.sleep(500);
        assertThat(frames.events).as("the replaced connection's close says nothing about n2").doesNotContain("down n2");

        assertThat(fresh.isClosed()).isFalse();
        assertThat(frames.roster.nodesIn("lobby")).as("bob, joined through n2's live connection, still gets copies")
                .contains("n2");
    }

    private Socket dial(NodeLink link) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(link.boundAddress(), 5_000);
        return s;
    }

    private static void send(Socket s, LinkFrame frame) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        try {
            LinkFrames.encode(frame, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
        } finally {
            buf.release();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
