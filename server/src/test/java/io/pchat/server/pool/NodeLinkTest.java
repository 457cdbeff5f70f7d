package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.pchat.protocol.link.Deliver;
import io.pchat.protocol.link.ForwardPost;
import io.pchat.protocol.link.Hello;
import io.pchat.protocol.link.LinkFormat;
import io.pchat.protocol.link.LinkFrame;
import io.pchat.protocol.link.LinkFrames;
import io.pchat.protocol.link.PostResult;
import io.pchat.protocol.link.PostStatus;
import io.pchat.protocol.link.Presence;
import io.pchat.server.tls.DevCertificate;
import io.pchat.server.tls.PoolCertificates;
import io.pchat.server.tls.TlsSettings;

/**
 * The node link between real nodes on loopback, with the pool layer replaced by a recording stub:
 * connecting both ways, requests and their answers, one-way frames, lost and missing peers, the
 * handshake's refusals, and mutual TLS.
 */
class NodeLinkTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path certificates;
    /** The pool's two nodes' certificates and one nobody trusts, made once (key generation is slow). */
    static Path[] c1;
    static Path[] c2;
    static Path[] c3;
    static Path[] stranger;
    static Path trusted;

    final List<NodeLink> links = new ArrayList<>();
    final List<Socket> sockets = new ArrayList<>();

    /** Records what the link hands to the pool; answers requests as told. */
    static final class Stub implements NodeLink.Frames {
        volatile boolean mirrorInSync = true;

        @Override
        public boolean mirrorInSync() {
            return mirrorInSync;
        }

        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final BlockingQueue<ForwardPost> posts = new LinkedBlockingQueue<>();
        final BlockingQueue<Deliver> copies = new LinkedBlockingQueue<>();
        final BlockingQueue<Presence> presence = new LinkedBlockingQueue<>();
        volatile CompletableFuture<PostResult> postAnswer;
        volatile CompletableFuture<Boolean> acquireAnswer = CompletableFuture.completedFuture(true);

        @Override
        public CompletableFuture<PostResult> forwarded(String peer, ForwardPost post) {
            CompletableFuture<PostResult> answer = postAnswer; // read before the test sees the post and changes it
            events.add("forwarded from " + peer);
            posts.add(post);
            return answer != null ? answer : CompletableFuture.completedFuture(PostResult.ok(post.requestId(), 41 + post.requestId()));
        }

        @Override
        public CompletableFuture<Boolean> acquire(String peer, String roomId) {
            events.add("acquire " + roomId + " from " + peer);
            return acquireAnswer;
        }

        @Override
        public void deliver(String peer, Deliver copy) {
            events.add("deliver from " + peer);
            copies.add(copy);
        }

        @Override
        public void presence(String peer, Presence p) {
            events.add("presence from " + peer);
            presence.add(p);
        }

        @Override
        public void peerUp(String peer) {
            events.add("up " + peer);
        }

        @Override
        public void peerDown(String peer) {
            events.add("down " + peer);
        }

        @Override
        public void dialled(String peer) {
            events.add("dialled " + peer);
        }
    }

    @BeforeAll
    static void makeCertificates() throws IOException {
        Path pki = certificates.resolve("pool");
        PoolCertificates.write(pki, List.of("n1", "n2", "n3"));
        c1 = new Path[] {pki.resolve("n1.crt"), pki.resolve("n1.key")};
        c2 = new Path[] {pki.resolve("n2.crt"), pki.resolve("n2.key")};
        c3 = new Path[] {pki.resolve("n3.crt"), pki.resolve("n3.key")};
        stranger = DevCertificate.write(certificates, "stranger", "stranger.example.com"); // not of the pool's CA
        trusted = pki.resolve("ca.crt");
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        for (NodeLink link : links) {
            link.stop();
        }
    }

    private static int freePort() throws IOException {
        return io.pchat.server.drill.LoopbackPorts.free();
    }

    /** A pool of {@code ids}, each with its own free link port on loopback. */
    private static PoolSettings pool(String... ids) throws IOException {
        List<PoolMember> members = new ArrayList<>();
        for (String id : ids) {
            members.add(new PoolMember(id, "dc1", InetSocketAddress.createUnresolved("127.0.0.1", 5060),
                    InetSocketAddress.createUnresolved("127.0.0.1", freePort())));
        }
        return PoolSettings.single().withMembers(members);
    }

    private NodeLink start(PoolSettings pool, String id, NodeLink.Frames frames) throws Exception {
        return start(pool, id, frames, null, null);
    }

    private NodeLink start(PoolSettings pool, String id, NodeLink.Frames frames, SslContext serverTls, SslContext clientTls)
            throws Exception {
        PoolMember self = pool.member(id).orElseThrow();
        NodeLink link = new NodeLink(self, pool.withLink("127.0.0.1", self.link().getPort()), frames, () -> 7, serverTls,
                clientTls);
        links.add(link);
        link.start();
        return link;
    }

    private static void awaitConnected(NodeLink a, NodeLink b) {
        String aId = a.self().id();
        String bId = b.self().id();
        await().atMost(WAIT).until(() -> a.peer(bId).connected() && b.peer(aId).connected());
    }

    /** Why {@code f} failed, waiting for it at most {@link #WAIT}. */
    private static Throwable cause(CompletableFuture<?> f) {
        try {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
            throw new AssertionError("did not fail within " + WAIT, e);
        }
        throw new AssertionError("completed normally, expected a failure");
    }

    @Test
    void twoNodesConnectBothWaysAndSayWhoTheyAre() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub s1 = new Stub();
        Stub s2 = new Stub();
        NodeLink n1 = start(pool, "n1", s1);
        NodeLink n2 = start(pool, "n2", s2);
        awaitConnected(n1, n2);
        assertThat(n1.peers()).extracting(p -> p.member().id()).containsExactly("n2");
        assertThat(n1.peer("n1")).as("no peer for itself").isNull();
        assertThat(n1.peer("n9")).isNull();
        await().atMost(WAIT).until(() -> s1.events.contains("up n2") && s1.events.contains("dialled n2")
                && s2.events.contains("up n1") && s2.events.contains("dialled n1"));
    }

    @Test
    void threeNodesConnectEveryPair() throws Exception {
        PoolSettings pool = pool("n1", "n2", "n3");
        NodeLink n1 = start(pool, "n1", new Stub());
        NodeLink n2 = start(pool, "n2", new Stub());
        NodeLink n3 = start(pool, "n3", new Stub());
        awaitConnected(n1, n2);
        awaitConnected(n1, n3);
        awaitConnected(n2, n3);
    }

    @Test
    void aNodeStartedLaterIsDialledOnceItListens() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        NodeLink n1 = start(pool, "n1", new Stub());
        Thread.sleep(700); // at least one failed dial
        assertThat(n1.peer("n2").connected()).isFalse();
        NodeLink n2 = start(pool, "n2", new Stub());
        awaitConnected(n1, n2);
    }

    @Test
    void aForwardedPostGetsTheOwnersAnswer() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub owner = new Stub();
        NodeLink n1 = start(pool, "n1", new Stub());
        NodeLink n2 = start(pool, "n2", owner);
        awaitConnected(n1, n2);
        LinkPeer toOwner = n1.peer("n2");
        ForwardPost post = new ForwardPost(toOwner.nextRequestId(), "lobby", "sip:alice@example.com", "hello", true, "story");

        PostResult result = toOwner.forward(post).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result).isEqualTo(PostResult.ok(post.requestId(), 41 + post.requestId()));
        assertThat(owner.posts.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(post);
        assertThat(owner.events).contains("forwarded from n1");
    }

    @Test
    void answersFindTheirRequestsWhateverTheOrderTheyComeIn() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub owner = new Stub();
        NodeLink n1 = start(pool, "n1", new Stub());
        NodeLink n2 = start(pool, "n2", owner);
        awaitConnected(n1, n2);
        LinkPeer toOwner = n1.peer("n2");
        CompletableFuture<PostResult> first = new CompletableFuture<>();
        owner.postAnswer = first;
        ForwardPost a = new ForwardPost(toOwner.nextRequestId(), "lobby", "sip:a@example.com", "a", false, null);
        CompletableFuture<PostResult> aResult = toOwner.forward(a);
        assertThat(owner.posts.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(a);
        owner.postAnswer = null;
        ForwardPost b = new ForwardPost(toOwner.nextRequestId(), "lobby", "sip:b@example.com", "b", false, null);
        assertThat(toOwner.forward(b)).succeedsWithin(WAIT).isEqualTo(PostResult.ok(b.requestId(), 41 + b.requestId()));
        assertThat(aResult).isNotDone();
        first.complete(PostResult.failed(a.requestId(), PostStatus.NOT_OWNER, "owned by n3"));
        assertThat(aResult).succeedsWithin(WAIT).isEqualTo(PostResult.failed(a.requestId(), PostStatus.NOT_OWNER, "owned by n3"));
    }

    @Test
    void aPostTheOwnerFailedToHandleIsAnsweredUnavailable() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub owner = new Stub();
        owner.postAnswer = CompletableFuture.failedFuture(new IllegalStateException("storage down"));
        NodeLink n1 = start(pool, "n1", new Stub());
        NodeLink n2 = start(pool, "n2", owner);
        awaitConnected(n1, n2);
        LinkPeer toOwner = n1.peer("n2");
        ForwardPost post = new ForwardPost(toOwner.nextRequestId(), "lobby", "sip:alice@example.com", "hello", false, null);
        PostResult result = toOwner.forward(post).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result.requestId()).isEqualTo(post.requestId());
        assertThat(result.status()).isEqualTo(PostStatus.UNAVAILABLE);
        assertThat(result.reason()).contains("storage down");
    }

    @Test
    void aMirrorCheckGetsWhetherThePeersCopiesAreInStep() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub peer = new Stub();
        NodeLink n1 = start(pool, "n1", new Stub());
        NodeLink n2 = start(pool, "n2", peer);
        awaitConnected(n1, n2);

        assertThat(n1.peer("n2").mirrorCheck()).succeedsWithin(WAIT).isEqualTo(true);
        peer.mirrorInSync = false;
        assertThat(n1.peer("n2").mirrorCheck()).succeedsWithin(WAIT).isEqualTo(false);
    }

    @Test
    void anAcquireGetsThePeersGrantOrRefusal() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub peer = new Stub();
        NodeLink n1 = start(pool, "n1", new Stub());
        NodeLink n2 = start(pool, "n2", peer);
        awaitConnected(n1, n2);

        assertThat(n1.peer("n2").acquire("lobby")).succeedsWithin(WAIT).isEqualTo(true);
        assertThat(peer.events).contains("acquire lobby from n1");
        peer.acquireAnswer = CompletableFuture.completedFuture(false);
        assertThat(n1.peer("n2").acquire("lobby")).succeedsWithin(WAIT).isEqualTo(false);
        peer.acquireAnswer = CompletableFuture.failedFuture(new IllegalStateException("boom"));
        assertThat(n1.peer("n2").acquire("lobby")).as("a failure to decide is a refusal").succeedsWithin(WAIT)
                .isEqualTo(false);
    }

    @Test
    void copiesAndPresenceReachThePeerInOrder() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub receiver = new Stub();
        NodeLink n1 = start(pool, "n1", new Stub());
        NodeLink n2 = start(pool, "n2", receiver);
        awaitConnected(n1, n2);
        LinkPeer to = n1.peer("n2");
        Instant ts = Instant.parse("2026-11-26T09:00:00.123456789Z");
        Deliver m1 = new Deliver("lobby", 1, ts, "sip:alice@example.com", "one", false, null);
        Deliver m2 = new Deliver("lobby", 2, ts, "sip:alice@example.com", "two", true, "title");
        Presence joined = new Presence("lobby", "sip:alice@example.com", true, true, false);

        assertThat(to.write(m1)).isTrue();
        assertThat(to.write(m2)).isTrue();
        assertThat(to.write(joined)).isTrue();
        to.flush();
        assertThat(receiver.copies.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(m1);
        assertThat(receiver.copies.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(m2);
        assertThat(receiver.presence.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(joined);
        assertThat(receiver.events).contains("deliver from n1", "presence from n1");
    }

    @Test
    void aRequestToAPeerThatIsDownFailsAtOnceAsNotSent() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        NodeLink n1 = start(pool, "n1", new Stub());
        LinkPeer n2 = n1.peer("n2");
        assertThat(n2.connected()).isFalse();
        ForwardPost post = new ForwardPost(n2.nextRequestId(), "lobby", "sip:alice@example.com", "hello", false, null);

        CompletableFuture<PostResult> forwarded = n2.forward(post);
        assertThat(forwarded).isCompletedExceptionally();
        assertThat(cause(forwarded)).isInstanceOf(LinkPeer.NotConnectedException.class).hasMessageContaining("n2");
        CompletableFuture<Boolean> acquired = n2.acquire("lobby");
        assertThat(acquired).isCompletedExceptionally();
        assertThat(cause(acquired)).isInstanceOf(LinkPeer.NotConnectedException.class);
        assertThat(n2.write(new Presence("lobby", "sip:alice@example.com", true, false, false))).isFalse();
    }

    @Test
    void aRequestWhosePeerStopsBeforeAnsweringFailsAsLost() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub owner = new Stub();
        owner.postAnswer = new CompletableFuture<>(); // never answers
        Stub s1 = new Stub();
        NodeLink n1 = start(pool, "n1", s1);
        NodeLink n2 = start(pool, "n2", owner);
        awaitConnected(n1, n2);
        LinkPeer toOwner = n1.peer("n2");
        ForwardPost post = new ForwardPost(toOwner.nextRequestId(), "lobby", "sip:alice@example.com", "hello", false, null);
        CompletableFuture<PostResult> forwarded = toOwner.forward(post);
        assertThat(owner.posts.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(post);
        assertThat(forwarded).isNotDone();

        long start = System.nanoTime();
        n2.stop();
        Throwable t = cause(forwarded);
        assertThat(t).isInstanceOf(LinkPeer.LinkLostException.class).hasMessageContaining("n2");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("not the request timeout")
                .isLessThan(LinkPeer.REQUEST_TIMEOUT_MILLIS);
        await().atMost(WAIT).until(() -> !toOwner.connected() && s1.events.contains("down n2"));
        assertThat(cause(toOwner.forward(post))).isInstanceOf(LinkPeer.NotConnectedException.class);
    }

    @Test
    void aPeerThatComesBackIsRedialled() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        NodeLink n1 = start(pool, "n1", new Stub());
        NodeLink n2 = start(pool, "n2", new Stub());
        awaitConnected(n1, n2);
        n2.stop();
        await().atMost(WAIT).until(() -> !n1.peer("n2").connected());
        NodeLink again = start(pool, "n2", new Stub());
        awaitConnected(n1, again);
        assertThat(n1.peer("n2").acquire("lobby")).succeedsWithin(WAIT).isEqualTo(true);
    }

    // --- the handshake, from a raw socket -------------------------------------------------------

    private Socket dial(NodeLink link) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(link.boundAddress(), 5_000);
        s.setSoTimeout(5_000);
        return s;
    }

    private static void send(Socket s, byte[] bytes) throws IOException {
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
    }

    private static byte[] encode(LinkFrame frame) {
        ByteBuf buf = Unpooled.buffer();
        try {
            LinkFrames.encode(frame, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    /** The next frame, or empty when the connection was closed (timeout: an AssertionError). */
    private static Optional<LinkFrame> read(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        try {
            int length = in.readInt();
            int version = in.readUnsignedByte();
            int type = in.readUnsignedByte();
            byte[] body = new byte[length - 2];
            in.readFully(body);
            return Optional.of(LinkFrames.decodeBody(version, type, Unpooled.wrappedBuffer(body)));
        } catch (EOFException | java.net.SocketException e) {
            return Optional.empty();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("neither a frame nor a close within the timeout");
        }
    }

    /** True when the other side closed (read gives end of stream) within the socket's timeout. */
    private static boolean closedByPeer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketException e) {
            return true; // reset
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void aMemberSayingHelloIsAnsweredWithHelloAndStaysConnected() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub s1 = new Stub();
        NodeLink n1 = start(pool, "n1", s1);
        Socket s = dial(n1);
        send(s, encode(new Hello(LinkFormat.VERSION, "n2", "dc1", 7)));
        assertThat(read(s)).contains(new Hello(LinkFormat.VERSION, "n1", "dc1", 7));
        await().atMost(WAIT).until(() -> s1.events.contains("up n2"));
        s.setSoTimeout(500);
        assertThat(closedByPeer(s)).isFalse();
    }

    @Test
    void aSecondHelloForAMemberWhoseConnectionIsAliveNeverClosesIt() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub s1 = new Stub();
        Stub s2 = new Stub();
        NodeLink n1 = start(pool, "n1", s1);
        NodeLink n2 = start(pool, "n2", s2);
        awaitConnected(n1, n2);
        await().atMost(WAIT).until(() -> s1.events.contains("up n2"));
        for (int i = 0; i < 16; i++) { // the forged Hellos that used to cut the real n2 off, one each
            try (Socket forger = dial(n1)) {
                send(forger, encode(new Hello(LinkFormat.VERSION, "n2", "dc1", 7)));
                assertThat(read(forger)).as("the forger is closed, unanswered").isEmpty();
            }
        }
        assertThat(s1.events).as("the real n2 never went down").doesNotContain("down n2");
        assertThat(n2.peer("n1").forward(new ForwardPost(n2.peer("n1").nextRequestId(), "room-1", "sip:a@example.com",
                "still linked", false, null)).get(10, TimeUnit.SECONDS).status()).isEqualTo(PostStatus.OK);
    }

    @Test
    void aHelloFromANodeThatIsNotAMemberIsClosed() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub s1 = new Stub();
        NodeLink n1 = start(pool, "n1", s1);
        Socket s = dial(n1);
        send(s, encode(new Hello(LinkFormat.VERSION, "intruder", "dc1", 7)));
        assertThat(read(s)).isEmpty();
        assertThat(s1.events).noneMatch(e -> e.startsWith("up"));
    }

    @Test
    void aHelloClaimingToBeTheNodeItselfIsClosed() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        NodeLink n1 = start(pool, "n1", new Stub());
        Socket s = dial(n1);
        send(s, encode(new Hello(LinkFormat.VERSION, "n1", "dc1", 7)));
        assertThat(read(s)).isEmpty();
    }

    @Test
    void aHelloWithAVersionBelowTheFirstIsClosed() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub s1 = new Stub();
        NodeLink n1 = start(pool, "n1", s1);
        Socket s = dial(n1);
        send(s, encode(new Hello(0, "n2", "dc1", 7)));
        assertThat(read(s)).isEmpty();
        assertThat(s1.events).noneMatch(e -> e.startsWith("up"));
    }

    @Test
    void aFrameBeforeHelloIsNotHandledAndClosesTheConnection() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        Stub s1 = new Stub();
        NodeLink n1 = start(pool, "n1", s1);
        Socket s = dial(n1);
        send(s, encode(new ForwardPost(2, "lobby", "sip:alice@example.com", "hello", false, null)));
        assertThat(closedByPeer(s)).isTrue();
        assertThat(s1.events).isEmpty();
    }

    @Test
    void aConnectionThatLosesFramingAfterHelloIsClosed() throws Exception {
        PoolSettings pool = pool("n1", "n2");
        NodeLink n1 = start(pool, "n1", new Stub());
        Socket s = dial(n1);
        send(s, encode(new Hello(LinkFormat.VERSION, "n2", "dc1", 7)));
        assertThat(read(s)).isPresent();
        send(s, new byte[] {0, 0, 0, 1}); // a length below the minimum: no frame boundary can be found
        assertThat(closedByPeer(s)).isTrue();
    }

    // --- mutual TLS ---------------------------------------------------------------------------

    private static TlsSettings tls(Path[] certificate, Path trusted) {
        return new TlsSettings(certificate[0], certificate[1], Optional.of(trusted), ClientAuth.REQUIRE);
    }

    @Test
    void peersTrustingEachOthersCertificatesConnectOverMutualTls() throws Exception {
        TlsSettings t1 = tls(c1, trusted);
        TlsSettings t2 = tls(c2, trusted);
        PoolSettings pool = pool("n1", "n2");
        Stub owner = new Stub();
        NodeLink n1 = start(pool, "n1", new Stub(), t1.linkServerContext(), t1.linkClientContext());
        NodeLink n2 = start(pool, "n2", owner, t2.linkServerContext(), t2.linkClientContext());
        awaitConnected(n1, n2);
        LinkPeer toOwner = n1.peer("n2");
        ForwardPost post = new ForwardPost(toOwner.nextRequestId(), "lobby", "sip:alice@example.com", "over TLS", false, null);
        assertThat(toOwner.forward(post)).succeedsWithin(WAIT).extracting(PostResult::status).isEqualTo(PostStatus.OK);
    }

    @Test
    void aPeerPresentingAnUntrustedClientCertificateIsNotConnected() throws Exception {
        TlsSettings t1 = tls(c1, trusted);
        TlsSettings t2 = tls(c2, trusted);
        TlsSettings impostor = tls(stranger, trusted); // trusts the pool, but the pool does not trust it
        PoolSettings pool = pool("n1", "n2");
        Stub s1 = new Stub();
        NodeLink n1 = start(pool, "n1", s1, t1.linkServerContext(), t1.linkClientContext());
        // n2 serves with its own certificate but dials with the stranger's
        NodeLink n2 = start(pool, "n2", new Stub(), t2.linkServerContext(), impostor.linkClientContext());

        await().atMost(WAIT).until(() -> n1.peer("n2").connected()); // n1 -> n2: both certificates trusted
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() - until < 0) {
            assertThat(n2.peer("n1").connected()).as("n2 -> n1 with an untrusted client certificate").isFalse();
            Thread.sleep(50);
        }
        assertThat(s1.events).doesNotContain("up n2");
    }

    @Test
    void aCertificateOfThePoolCannotSpeakAsAnotherMember() throws Exception {
        TlsSettings t1 = tls(c1, trusted);
        TlsSettings n3sCertificate = tls(c3, trusted); // signed by the pool's CA, but for n3
        PoolSettings pool = pool("n1", "n2", "n3");
        Stub s1 = new Stub();
        NodeLink n1 = start(pool, "n1", s1, t1.linkServerContext(), t1.linkClientContext());
        // a node that says it is n2 on both sides of its connections, with n3's certificate
        NodeLink fakeN2 = start(pool, "n2", new Stub(), n3sCertificate.linkServerContext(), n3sCertificate.linkClientContext());

        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() - until < 0) {
            assertThat(n1.peer("n2").connected()).as("n1 dialling 'n2', answered with n3's certificate").isFalse();
            assertThat(fakeN2.peer("n1").connected()).as("'n2' dialling n1 with n3's certificate").isFalse();
            Thread.sleep(50);
        }
        assertThat(s1.events).doesNotContain("up n2");
    }
}
