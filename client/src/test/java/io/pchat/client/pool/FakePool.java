package io.pchat.client.pool;

import io.pchat.client.ChatMessage;
import io.pchat.client.HistoryPage;
import io.pchat.client.ClientOptions;
import io.pchat.client.ConnectionLostException;
import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.Gap;
import io.pchat.protocol.xccos.RoomUri;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A pool of scripted nodes in memory, behind the pool client's {@link NodeSession.Connector}: one
 * shared store of rooms (msgids 1, 2, 3... per room, as a node's), nodes that can be stopped and
 * started, sessions that deliver each stored message to every session joined to its room, and
 * scripts for what a post meets (stored, refused, stored but the connection drops before the
 * verdict, dropped). Every answer is given at once, on the caller's thread, as a node's event loop
 * would; the store is one lock.
 */
final class FakePool {

    static final String DOMAIN = "example.com";
    static final String ALICE = "sip:alice@example.com";
    static final String BOB = "sip:bob@example.com";

    /** What a post meets. */
    sealed interface PostFate {
        PostFate STORE = new Store();
        /** Stored and delivered to the others, then the connection drops before the verdict and the echo. */
        PostFate STORE_THEN_DROP = new StoreThenDrop();
        /** The connection drops before the node read it: nothing stored. */
        PostFate DROP = new Drop();
        /** Stored (not echoed to the poster), answered 504: the node could not tell. */
        PostFate STORE_THEN_UNKNOWN = new StoreThenUnknown();
        /** Not stored, answered 504: the node could not tell. */
        PostFate UNKNOWN = new Unknown();

        record StoreThenUnknown() implements PostFate {
        }

        record Unknown() implements PostFate {
        }

        record Store() implements PostFate {
        }

        record StoreThenDrop() implements PostFate {
        }

        record Drop() implements PostFate {
        }

        record Refuse(int status, int retryAfterSeconds) implements PostFate {
        }
    }

    static final class Node {
        final NodeAddress address;
        volatile boolean up = true;
        /** Keeps the connection but answers nothing: commands time out. */
        volatile boolean hung;
        final List<Session> sessions = new CopyOnWriteArrayList<>();
        /** Decides each post's fate on this node; STORE by default. */
        volatile Function<String, PostFate> posts = text -> PostFate.STORE;
        /** Called after a join was taken, before its answer (to post something "during" the join). */
        volatile Consumer<RoomUri> afterJoin = room -> { };

        Node(NodeAddress address) {
            this.address = address;
        }

        /** Stops: every session ends, new ones are refused. */
        void stop() {
            up = false;
            for (Session s : sessions) {
                s.end("BYE from the node");
            }
        }

        void start() {
            up = true;
        }
    }

    final class Session implements NodeSession {
        final Node node;
        final String user;
        final Consumer<ChatMessage> sink;
        final Set<RoomUri> joined = new HashSet<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        Session(Node node, String user, Consumer<ChatMessage> sink) {
            this.node = node;
            this.user = user;
            this.sink = sink;
        }

        void end(String reason) {
            synchronized (FakePool.this) {
                joined.clear();
            }
            node.sessions.remove(this);
            closed.complete(reason);
        }

        private <T> CompletableFuture<T> lostOr(java.util.function.Supplier<T> answer) {
            if (closed.isDone()) {
                return CompletableFuture.failedFuture(new ConnectionLostException(closed.join()));
            }
            return CompletableFuture.completedFuture(answer.get());
        }

        @Override
        public NodeAddress address() {
            return node.address;
        }

        @Override
        public CompletableFuture<Answer<Void>> join(RoomUri room) {
            if (closed.isDone()) {
                return CompletableFuture.failedFuture(new ConnectionLostException(closed.join()));
            }
            joins.incrementAndGet();
            synchronized (FakePool.this) {
                if (!rooms.containsKey(room) || refusedJoins.contains(room)) {
                    return CompletableFuture.completedFuture(new Answer<>(404, "NO_SUCH_NODE", null));
                }
                joined.add(room);
            }
            node.afterJoin.accept(room);
            return lostOr(() -> new Answer<>(200, "SUCCESS_OK", null));
        }

        @Override
        public CompletableFuture<Answer<Void>> part(RoomUri room) {
            synchronized (FakePool.this) {
                joined.remove(room);
            }
            return lostOr(() -> new Answer<>(200, "SUCCESS_OK", null));
        }

        @Override
        public CompletableFuture<Answer<HistoryPage>> history(RoomUri room, int count) {
            historyRequests.add("last " + count);
            return lostOr(() -> {
                synchronized (FakePool.this) {
                    if (!rooms.containsKey(room)) {
                        return new Answer<>(404, "NO_SUCH_NODE", HistoryPage.of(List.of()));
                    }
                    if (noHistory.contains(room)) {
                        return new Answer<>(403, "ERROR_PERMISSION", HistoryPage.of(List.of()));
                    }
                    List<ChatMessage> all = rooms.get(room);
                    int n = Math.min(count, historyCap);
                    List<ChatMessage> page = all.subList(Math.max(0, all.size() - n), all.size());
                    return new Answer<>(200, "SUCCESS_OK", page(room, page, n, Long.MAX_VALUE));
                }
            });
        }

        @Override
        public CompletableFuture<Answer<HistoryPage>> historyBefore(RoomUri room, long msgid, int count) {
            historyRequests.add("before " + msgid + " " + count);
            return lostOr(() -> {
                synchronized (FakePool.this) {
                    if (!rooms.containsKey(room)) {
                        return new Answer<>(404, "NO_SUCH_NODE", HistoryPage.of(List.of()));
                    }
                    if (noHistory.contains(room)) {
                        return new Answer<>(403, "ERROR_PERMISSION", HistoryPage.of(List.of()));
                    }
                    List<ChatMessage> below = rooms.get(room).stream()
                            .filter(m -> m.msgid() < msgid && !deleted.contains(m.msgid())).toList();
                    int n = Math.min(count, historyCap);
                    List<ChatMessage> page = below.subList(Math.max(0, below.size() - n), below.size());
                    return new Answer<>(200, "SUCCESS_OK", page(room, page, n, msgid));
                }
            });
        }

        @Override
        public CompletableFuture<PostResult> post(RoomUri room, String text) {
            if (closed.isDone()) {
                return CompletableFuture.failedFuture(new ConnectionLostException(closed.join()));
            }
            PostFate fate = node.posts.apply(text);
            if (fate instanceof PostFate.Refuse refuse) {
                return CompletableFuture.completedFuture(new PostResult(refuse.status(), "Refused",
                        Duration.ofSeconds(refuse.retryAfterSeconds())));
            }
            if (fate instanceof PostFate.Unknown) {
                return CompletableFuture.completedFuture(new PostResult(PostResult.OUTCOME_UNKNOWN, "Outcome Unknown",
                        Duration.ZERO));
            }
            if (fate instanceof PostFate.Drop) {
                end("connection reset");
                return CompletableFuture.failedFuture(new ConnectionLostException("connection reset"));
            }
            synchronized (FakePool.this) {
                if (!joined.contains(room)) {
                    return CompletableFuture.completedFuture(new PostResult(403, "Not joined", Duration.ZERO));
                }
                if (fate instanceof PostFate.StoreThenDrop || fate instanceof PostFate.StoreThenUnknown) {
                    store(room, user, text, this);
                } else {
                    store(room, user, text, null);
                }
            }
            if (fate instanceof PostFate.StoreThenDrop) {
                end("connection reset");
                return CompletableFuture.failedFuture(new ConnectionLostException("connection reset"));
            }
            if (fate instanceof PostFate.StoreThenUnknown) {
                return CompletableFuture.completedFuture(new PostResult(PostResult.OUTCOME_UNKNOWN, "Outcome Unknown",
                        Duration.ZERO));
            }
            return CompletableFuture.completedFuture(new PostResult(200, "OK", Duration.ZERO));
        }

        @Override
        public CompletableFuture<?> probe() {
            probes.incrementAndGet();
            if (node.hung) {
                return CompletableFuture.failedFuture(new java.util.concurrent.TimeoutException("no answer"));
            }
            return lostOr(() -> "ok");
        }

        @Override
        public CompletableFuture<String> closed() {
            return closed;
        }

        @Override
        public void close() {
            end("closed by the client");
        }
    }

    final List<Node> nodes = new ArrayList<>();
    final Map<RoomUri, List<ChatMessage>> rooms = new HashMap<>();
    /** Msgids each room's numbering skipped (see {@link #skip}). */
    final Map<RoomUri, List<Gap>> gaps = new HashMap<>();
    final Set<RoomUri> noHistory = new HashSet<>();
    final Set<RoomUri> refusedJoins = new HashSet<>();
    /** msgids the history does not give (a hole in the store). */
    final Set<Long> deleted = new HashSet<>();
    final List<String> historyRequests = new CopyOnWriteArrayList<>();
    final AtomicInteger connects = new AtomicInteger();
    final List<NodeAddress> dialed = new CopyOnWriteArrayList<>();
    final AtomicInteger joins = new AtomicInteger();
    final AtomicInteger probes = new AtomicInteger();
    volatile int historyCap = 30;

    FakePool(int nodeCount) {
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(new Node(new NodeAddress("10.0.0." + (i + 1), 5041)));
        }
    }

    Node node(int i) {
        return nodes.get(i);
    }

    List<NodeAddress> addresses() {
        return nodes.stream().map(n -> n.address).toList();
    }

    synchronized RoomUri room(String id) {
        RoomUri uri = RoomUri.of(DOMAIN, id);
        rooms.putIfAbsent(uri, new ArrayList<>());
        return uri;
    }

    NodeSession.Connector connector() {
        return (ClientOptions options, Consumer<ChatMessage> sink) -> {
            connects.incrementAndGet();
            NodeAddress wanted = new NodeAddress(options.host(), options.port());
            dialed.add(wanted);
            Node node = nodes.stream().filter(n -> n.address.equals(wanted)).findFirst().orElse(null);
            if (node == null || !node.up) {
                return CompletableFuture.failedFuture(new ConnectException("Connection refused: " + wanted));
            }
            Session s = new Session(node, options.user(), sink);
            node.sessions.add(s);
            return CompletableFuture.completedFuture(s);
        };
    }

    /** Another user posts directly to the store (as if through some node): stored and delivered. */
    synchronized ChatMessage post(String author, RoomUri room, String text) {
        return store(room, author, text, null);
    }

    /**
     * The room's numbering skips {@code count} msgids from the next one on, recorded as a gap (what
     * a failover does: the history names it); returns the gap.
     */
    synchronized Gap skip(RoomUri room, long count) {
        long next = lastMsgid(room) + 1;
        Gap gap = new Gap(next, next + count - 1);
        gaps.computeIfAbsent(room, r -> new ArrayList<>()).add(gap);
        return gap;
    }

    private long lastMsgid(RoomUri room) {
        List<ChatMessage> messages = rooms.get(room);
        long last = messages.isEmpty() ? 0 : messages.get(messages.size() - 1).msgid();
        for (Gap g : gaps.getOrDefault(room, List.of())) {
            last = Math.max(last, g.last());
        }
        return last;
    }

    /** A history page as a node answers it: the messages and the gaps they span (see HistoryCommands). */
    private HistoryPage page(RoomUri room, List<ChatMessage> page, int asked, long below) {
        long from = page.size() < asked ? 1 : page.get(0).msgid();
        List<Gap> spanned = gaps.getOrDefault(room, List.of()).stream()
                .filter(g -> g.first() < below && g.last() >= from).toList();
        return new HistoryPage(List.copyOf(page), spanned);
    }

    /** Stores a message and delivers it to every session joined to the room but {@code except}. */
    private ChatMessage store(RoomUri room, String author, String text, Session except) {
        List<ChatMessage> messages = rooms.get(room);
        ChatMessage m = new ChatMessage(lastMsgid(room) + 1, room.toString(), author, Instant.now(), text, false, null);
        messages.add(m);
        for (Node n : nodes) {
            for (Session s : n.sessions) {
                if (s != except && s.joined.contains(room) && !s.closed.isDone()) {
                    s.sink.accept(m);
                }
            }
        }
        return m;
    }

    synchronized List<ChatMessage> stored(RoomUri room) {
        return List.copyOf(rooms.get(room));
    }

    synchronized List<String> storedTexts(RoomUri room) {
        return rooms.get(room).stream().map(ChatMessage::text).toList();
    }

    /** Pushes a message to one session as is (a node resending, or a duplicate). */
    void push(Session s, ChatMessage m) {
        s.sink.accept(m);
    }
}
