package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.ChattingTest.joined;
import static io.pchat.server.node.e2e.TestNode.WAIT;
import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatMessage;
import io.pchat.client.pool.NodeAddress;
import io.pchat.client.pool.PoolClient;
import io.pchat.client.pool.PoolClientOptions;
import io.pchat.client.pool.PoolListener;
import io.pchat.client.pool.PoolStats;
import io.pchat.client.pool.PostReceipt;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;

/**
 * A {@link PoolClient} across the loss of its node, on real nodes over one H2 data directory:
 * node A stops (its dialogs get BYE), node B starts on the same data, and the pool client, given
 * both addresses, reconnects, rejoins, catches up from history and goes on. Another user posts
 * with a plain {@link ChatClient} before, during and after the outage, and the pool client posts
 * while it has no session. Its listener must get every msgid of the room once, in order, without a
 * gap, and its own posts must be stored once each.
 */
class PoolClientReconnectTest {

    @TempDir
    Path dir;

    /** Everything the pool client's listener heard. */
    static final class Heard implements PoolListener {
        final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
        final List<String> gaps = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(RoomUri room, ChatMessage message) {
            messages.add(message);
        }

        @Override
        public void onGap(RoomUri room, long firstMsgid, long lastMsgid) {
            gaps.add(firstMsgid + ".." + lastMsgid);
        }

        List<Long> msgids() {
            return messages.stream().map(ChatMessage::msgid).toList();
        }
    }

    /**
     * Node B is reached through this gate on a loopback port: shut, it accepts connections and
     * closes them at once (a node that is not there yet); open, it relays bytes to B. So the test
     * decides when the pool client can reach B, and B's messages of the outage are stored before.
     */
    static final class Gate implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile int target;

        Gate() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "gate-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void openTo(int port) {
            target = port;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket in = server.accept();
                    int to = target;
                    if (to == 0) {
                        in.close();
                        continue;
                    }
                    Socket out = new Socket();
                    out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), to), 2000);
                    sockets.add(in);
                    sockets.add(out);
                    relay(in, out);
                    relay(out, in);
                } catch (IOException e) {
                    // closed, or the target refused: the client sees its connection end
                }
            }
        }

        private void relay(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // one side went away
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "gate-relay");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() {
            closeQuietly(server);
            sockets.forEach(Gate::closeQuietly);
        }

        private static void closeQuietly(AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    @Test
    void afterItsNodeStopsThePoolClientGetsEveryMessageOnceInOrderAndItsOutagePostsLandOnce() throws Exception {
        String alice = user("alice");
        List<AutoCloseable> toClose = new ArrayList<>();
        try (Gate gate = new Gate()) {
            TestNode a = TestNode.start(dir);
            toClose.add(a);
            Room room = a.createRoom(s -> s.withPrivacy(Privacy.OPEN));
            RoomUri uri = TestNode.uri(room);
            NodeAddress viaGate = new NodeAddress("127.0.0.1", gate.port());
            PoolClientOptions options = new PoolClientOptions(
                    List.of(new NodeAddress("127.0.0.1", a.node.sipPort()), viaGate), a.options(alice),
                    Duration.ofMillis(50), Duration.ofMillis(400), 7, Duration.ofSeconds(30));
            Heard heard = new Heard();
            PoolClient pool = PoolClient.open(options, heard);
            toClose.add(0, pool);
            pool.join(uri).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            // before: bob on A, alice through the pool
            ChatClient bobOnA = a.connect(user("bob"));
            joined(bobOnA, uri);
            for (int i = 1; i <= 5; i++) {
                ok(bobOnA.post(uri, "bob before " + i));
            }
            for (int i = 1; i <= 2; i++) {
                PostReceipt r = pool.post(uri, "alice before " + i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(r.how()).isEqualTo(PostReceipt.Resolution.ACKNOWLEDGED);
            }
            await().atMost(WAIT).until(() -> heard.messages.size() == 7);

            // the outage: A stops; alice posts without a session; B starts on A's data, bob posts there
            a.close();
            toClose.remove(a);
            await().atMost(WAIT).until(() -> !pool.isConnected());
            List<CompletableFuture<PostReceipt>> alicesDuring = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                alicesDuring.add(pool.post(uri, "alice during " + i));
            }
            TestNode b = TestNode.start(dir);
            toClose.add(1, b);
            ChatClient bobOnB = b.connect(user("bob"));
            joined(bobOnB, uri);
            for (int i = 1; i <= 40; i++) {
                ok(bobOnB.post(uri, "bob during " + i));
            }
            assertThat(pool.isConnected()).as("B is behind the shut gate").isFalse();
            assertThat(alicesDuring).noneMatch(CompletableFuture::isDone);

            // B becomes reachable: reconnect, rejoin, catch up, then alice's posts go out
            gate.openTo(b.node.sipPort());
            for (CompletableFuture<PostReceipt> p : alicesDuring) {
                PostReceipt r = p.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(r.attempts()).as("queued while offline, sent once").isEqualTo(1);
            }
            for (int i = 1; i <= 5; i++) {
                ok(bobOnB.post(uri, "bob after " + i));
            }

            List<StoredMessage> stored = b.stored(room);
            assertThat(stored).extracting(StoredMessage::text).containsExactlyElementsOf(expectedTexts());
            int total = stored.size();
            await().atMost(WAIT).until(() -> heard.messages.size() >= total);
            assertThat(heard.msgids()).as("every msgid once, in order, no gap")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(heard.messages).extracting(ChatMessage::text).containsExactlyElementsOf(expectedTexts());
            assertThat(heard.messages).extracting(ChatMessage::author)
                    .containsExactlyElementsOf(stored.stream().map(StoredMessage::author).toList());
            assertThat(heard.gaps).isEmpty();
            assertThat(pool.currentAddress()).contains(viaGate);
            assertThat(pool.lastDelivered(uri)).hasValue(total);
            PoolStats stats = pool.stats();
            assertThat(stats.reconnects()).isEqualTo(1);
            assertThat(stats.filledFromHistory()).as("bob's 40 outage messages came from history").isGreaterThanOrEqualTo(40);
            assertThat(stats.delivered()).isEqualTo(total);
            assertThat(stats.lost()).isZero();
            assertThat(stats.postsRetried()).isZero();
        } finally {
            for (AutoCloseable c : toClose) {
                c.close();
            }
        }
    }

    @Test
    void aNodeRestartedOnItsPortIsRejoinedAndNothingIsMissedOrRepeatedWhileTheOtherUserKeepsPosting() throws Exception {
        String alice = user("alice");
        List<AutoCloseable> toClose = new ArrayList<>();
        try {
            TestNode first = TestNode.start(dir);
            toClose.add(first);
            int port = first.node.sipPort();
            Room room = first.createRoom(s -> s.withPrivacy(Privacy.OPEN));
            RoomUri uri = TestNode.uri(room);
            PoolClientOptions options = PoolClientOptions.of(first.options(alice), List.of(new NodeAddress("127.0.0.1", port)))
                    .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).withCatchUpPageSize(10);
            Heard heard = new Heard();
            PoolClient pool = PoolClient.open(options, heard);
            toClose.add(0, pool);
            pool.join(uri).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            ChatClient bob = first.connect(user("bob"));
            joined(bob, uri);
            for (int i = 1; i <= 10; i++) {
                ok(bob.post(uri, "bob before " + i));
            }
            ok(pool.post(uri, "alice before"));

            first.close();
            toClose.remove(first);
            CompletableFuture<PostReceipt> offline = pool.post(uri, "alice while the node restarts");
            TestNode again = TestNode.start(dir, c -> c.withSessions(TestNode.sessions().port(port).build()));
            toClose.add(1, again);
            ChatClient bobAgain = again.connect(user("bob"));
            joined(bobAgain, uri);
            for (int i = 1; i <= 25; i++) {
                ok(bobAgain.post(uri, "bob after restart " + i)); // races with the pool client's reconnection
            }
            assertThat(offline.get(WAIT.toSeconds(), TimeUnit.SECONDS).attempts()).isEqualTo(1);

            List<StoredMessage> stored = again.stored(room);
            assertThat(stored).extracting(StoredMessage::text).containsOnlyOnce("alice before", "alice while the node restarts");
            int total = stored.size();
            assertThat(total).isEqualTo(37);
            await().atMost(WAIT).until(() -> heard.messages.size() >= total);
            assertThat(heard.msgids()).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(heard.messages).extracting(ChatMessage::text)
                    .containsExactlyElementsOf(stored.stream().map(StoredMessage::text).toList());
            assertThat(pool.stats().reconnects()).isEqualTo(1);
            assertThat(pool.currentAddress()).contains(new NodeAddress("127.0.0.1", port));
        } finally {
            for (AutoCloseable c : toClose) {
                c.close();
            }
        }
    }

    private static void ok(CompletableFuture<?> post) throws Exception {
        Object result = post.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (result instanceof io.pchat.client.PostResult r) {
            assertThat(r.status()).isEqualTo(200);
        }
    }

    private static List<String> expectedTexts() {
        List<String> texts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            texts.add("bob before " + i);
        }
        texts.add("alice before 1");
        texts.add("alice before 2");
        for (int i = 1; i <= 40; i++) {
            texts.add("bob during " + i);
        }
        for (int i = 1; i <= 3; i++) {
            texts.add("alice during " + i);
        }
        for (int i = 1; i <= 5; i++) {
            texts.add("bob after " + i);
        }
        return texts;
    }
}
