package io.pchat.client.pool;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.pchat.client.ChatMessage;
import io.pchat.client.ClientOptions;
import io.pchat.client.ConnectionLostException;
import io.pchat.client.InfoRefusedException;
import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.RoomUri;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A client of a whole pool of chat nodes that outlives the loss of any of them: one session at a
 * time, to one node of the pool, and when it ends (the node stopped, the connection broke, a
 * command went unanswered) a new one with the next node, round robin, waiting between attempts
 * from {@code backoffMin} doubling up to {@code backoffMax}, until {@link #close()}. After each
 * reconnection every remembered room is joined again and caught up from history, from the last
 * msgid delivered, before live delivery resumes.
 *
 * <p>Guarantees, per room (see docs/client.md, "Pools and reconnection", for the limits):
 * <ul>
 * <li>{@link PoolListener#onMessage} gets the messages in strictly increasing msgid order, each
 * msgid once, with no msgid left out unless {@link PoolListener#onGap} reports it (only when the
 * node's history cannot give it: a room without history);</li>
 * <li>{@link #post} sends the posts of a room one at a time, in order; a 503 is retried after its
 * Retry-After; a post whose verdict was lost with the connection counts as stored if the caught-up
 * history holds a message by this user with the same text posted after it was sent, and is sent
 * again otherwise.</li>
 * </ul>
 *
 * <p>Threading: every piece of state lives on one thread of the client's own ({@code
 * pchat-pool-N}); public methods may be called from any thread (listeners included), hand their
 * work to that thread and return at once with a future, except {@link #open} and {@link #close},
 * which wait, bounded, in the caller's thread. Listeners are called on that thread. Counters,
 * {@link #currentAddress()} and {@link #lastDelivered} are readable from any thread. Nothing
 * polls: every wait is a timer or a future's completion.
 */
public final class PoolClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PoolClient.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** How long close() waits for the client's thread and the event loops to stop. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private enum Phase {
        /** No session: joined on the next one. */
        WAITING,
        /** First join "from now": asking for the room's newest msgid. */
        STARTING,
        JOINING,
        /** Joined; taking the newest page of history and filling the hole up to it. */
        CATCHING_UP,
        /** Caught up; posts flow. */
        LIVE
    }

    /** A session and what the client knows of it. */
    private static final class Session {
        final NodeSession node;
        final int index;
        final long startedNanos = System.nanoTime();
        ScheduledFuture<?> keepAlive;

        Session(NodeSession node, int index) {
            this.node = node;
            this.index = index;
        }
    }

    /** Tells pushed messages which session they came from (set once that session is established). */
    private static final class Box {
        volatile Session session;
    }

    /** A room the client remembers. */
    private final class Room implements RoomSequence.Sink {
        final RoomUri uri;
        final RoomSequence sequence;
        final RoomPosts posts;
        final CompletableFuture<Void> joined = new CompletableFuture<>();
        Phase phase = Phase.WAITING;
        /** The starting point is known or decided (no history probe needed). */
        boolean startDecided;
        /** The newest page of history of this session's catch-up was taken. */
        boolean pageDone;

        Room(RoomUri uri) {
            this.uri = uri;
            this.sequence = new RoomSequence(options.catchUpPageSize(), this);
            this.posts = new RoomPosts(me);
        }

        @Override
        public void deliver(ChatMessage message, boolean fromHistory) {
            delivered.incrementAndGet();
            if (fromHistory) {
                filledFromHistory.incrementAndGet();
                if (catchUp != null && catchUp.waiting.contains(uri)) {
                    catchUp.messages++;
                }
            }
            positions.put(uri, message.msgid());
            posts.delivered(message);
            tell(l -> l.onMessage(uri, message));
        }

        @Override
        public void duplicate(ChatMessage message) {
            duplicatesDropped.incrementAndGet();
        }

        @Override
        public void skipped(long first, long last) {
            lost.addAndGet(last - first + 1);
            log.warn("{}: messages {}..{} cannot be had from history and are skipped", uri, first, last);
            tell(l -> l.onGap(uri, first, last));
        }
    }

    /** The catch-up after one reconnection, for its log line. */
    private static final class CatchUp {
        final NodeAddress address;
        final long lostAtNanos;
        final Set<RoomUri> waiting;
        final int rooms;
        long messages;

        CatchUp(NodeAddress address, long lostAtNanos, Set<RoomUri> rooms) {
            this.address = address;
            this.lostAtNanos = lostAtNanos;
            this.waiting = rooms;
            this.rooms = rooms.size();
        }
    }

    private final PoolClientOptions options;
    private final ClientOptions template;
    private final NodeSession.Connector connector;
    private final String me;
    private final EventLoopGroup ownedGroup;
    private final ScheduledThreadPoolExecutor loop;
    private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Map<RoomUri, Long> positions = new ConcurrentHashMap<>();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong duplicatesDropped = new AtomicLong();
    private final AtomicLong filledFromHistory = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong postsRetried = new AtomicLong();
    private final AtomicLong postsRecovered = new AtomicLong();
    private volatile NodeAddress current;
    private volatile boolean closed;
    private volatile Thread loopThread;

    // the client's thread only:
    private final Map<RoomUri, Room> rooms = new LinkedHashMap<>();
    private Session session;
    private int nextAddress;
    private Duration backoff;
    private ScheduledFuture<?> attemptTimer;
    /** When the session was lost, until a reconnection has caught up; -1 when not reconnecting. */
    private long lostAtNanos = -1;
    private CatchUp catchUp;

    private PoolClient(PoolClientOptions options, NodeSession.Connector connector) {
        this.options = options;
        this.connector = connector;
        this.me = options.template().user();
        this.backoff = options.backoffMin();
        if (options.template().eventLoopGroup() == null) {
            ownedGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            template = options.template().withEventLoopGroup(ownedGroup);
        } else {
            ownedGroup = null;
            template = options.template();
        }
        int n = THREADS.incrementAndGet();
        loop = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pchat-pool-" + n);
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
        loop.setRemoveOnCancelPolicy(true);
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Opens a session with the first address of the pool that accepts one (then the next ones in
     * turn, each once, following 302s as {@link io.pchat.client.ChatClient} does). Fails with an
     * {@link IOException} naming every address's failure when none accepts.
     */
    public static PoolClient open(PoolClientOptions options) throws IOException, InterruptedException {
        return open(options, null, ChatClientSession::connect);
    }

    /** {@link #open(PoolClientOptions)} with a listener that hears everything, the first session included. */
    public static PoolClient open(PoolClientOptions options, PoolListener listener)
            throws IOException, InterruptedException {
        return open(options, Objects.requireNonNull(listener, "listener"), ChatClientSession::connect);
    }

    static PoolClient open(PoolClientOptions options, PoolListener listener, NodeSession.Connector connector)
            throws IOException, InterruptedException {
        Objects.requireNonNull(options, "options");
        PoolClient pool = new PoolClient(options, connector);
        if (listener != null) {
            pool.addListener(listener);
        }
        try {
            pool.firstSession();
            return pool;
        } catch (IOException | InterruptedException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private void firstSession() throws IOException, InterruptedException {
        long waitNanos = template.connectTimeout().toNanos() * (template.maxRedirects() + 1) * 2;
        List<NodeAddress> addresses = options.addresses();
        List<String> failures = new ArrayList<>();
        List<Throwable> causes = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            NodeAddress address = addresses.get(i);
            Box box = new Box();
            CompletableFuture<NodeSession> connecting = connect(address, box);
            NodeSession node;
            try {
                node = connecting.get(waitNanos, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                failures.add(address + ": " + describe(e.getCause()));
                causes.add(e.getCause());
                continue;
            } catch (TimeoutException e) {
                connecting.thenAccept(NodeSession::close);
                failures.add(address + ": no session in time");
                causes.add(e);
                continue;
            }
            int index = i;
            try {
                loop.submit(() -> established(box, node, index, true)).get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                node.close();
                throw new IOException("could not take over the session with " + address, e);
            }
            return;
        }
        IOException failure = new IOException("no node of the pool accepted a session: " + String.join("; ", failures));
        causes.forEach(failure::addSuppressed);
        throw failure;
    }

    // ---------------------------------------------------------------- public API

    public PoolClientOptions options() {
        return options;
    }

    /** Listeners hear what happens from now on (add them before joining to miss nothing). */
    public void addListener(PoolListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(PoolListener listener) {
        listeners.remove(listener);
    }

    /**
     * Joins {@code room} and remembers it (it is joined again after every reconnection);
     * messages posted after the join are delivered, history before it is not. Completes when the
     * first join succeeded (later, if no session is up now); fails with a {@link
     * RoomRefusedException} when the node refuses, and the room is then forgotten. Joining a
     * remembered room again changes nothing and gives the first join's future.
     */
    public CompletableFuture<Void> join(RoomUri room) {
        return joinFrom(room, null);
    }

    /**
     * Like {@link #join(RoomUri)}, but delivers every message after msgid {@code afterMsgid} (from
     * history first): to resume where a previous run stopped ({@link #lastDelivered}), or from the
     * beginning with 0.
     */
    public CompletableFuture<Void> join(RoomUri room, long afterMsgid) {
        if (afterMsgid < 0) {
            throw new IllegalArgumentException("afterMsgid must not be negative: " + afterMsgid);
        }
        return joinFrom(room, afterMsgid);
    }

    private CompletableFuture<Void> joinFrom(RoomUri room, Long afterMsgid) {
        Objects.requireNonNull(room, "room");
        CompletableFuture<Void> result = new CompletableFuture<>();
        onLoop(result, () -> {
            Room known = rooms.get(room);
            if (known != null) {
                known.joined.whenComplete((v, e) -> complete(result, v, e));
                return;
            }
            Room r = new Room(room);
            if (afterMsgid != null) {
                r.sequence.start(afterMsgid);
                r.startDecided = true;
                positions.put(room, afterMsgid);
            }
            rooms.put(room, r);
            r.joined.whenComplete((v, e) -> complete(result, v, e));
            startRoom(r);
        });
        return result;
    }

    /**
     * Leaves {@code room} and forgets it: its waiting posts fail with a {@link
     * CancellationException}. Completes when the node answered (at once without a session).
     */
    public CompletableFuture<Void> part(RoomUri room) {
        Objects.requireNonNull(room, "room");
        CompletableFuture<Void> result = new CompletableFuture<>();
        onLoop(result, () -> {
            Room r = rooms.remove(room);
            if (r == null) {
                result.complete(null);
                return;
            }
            positions.remove(room);
            forget(r, new CancellationException("parted from " + room));
            Session s = session;
            if (s != null && r.phase != Phase.WAITING && r.phase != Phase.STARTING) {
                s.node.part(room).whenComplete((a, e) -> {
                    if (e != null) {
                        log.debug("part of {} not answered: {}", room, describe(e));
                    }
                    result.complete(null);
                });
            } else {
                result.complete(null);
            }
        });
        return result;
    }

    /**
     * Posts {@code text} to a joined room. Completes once the pool stored it (exactly once, see the
     * class comment); fails with {@link PostRefusedException} when a node refuses it for good
     * (403, 413...), with {@link IllegalStateException} when the room is not joined through this
     * client, with {@link CancellationException} when the room is parted first, and with {@link
     * ConnectionLostException} when the client is closed first (the outcome is then unknown).
     */
    public CompletableFuture<PostReceipt> post(RoomUri room, String text) {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(text, "text");
        CompletableFuture<PostReceipt> result = new CompletableFuture<>();
        onLoop(result, () -> {
            Room r = rooms.get(room);
            if (r == null) {
                result.completeExceptionally(new IllegalStateException("not joined to " + room + ": join it first"));
                return;
            }
            r.posts.add(text, result);
            if (session != null && r.phase == Phase.LIVE) {
                pumpPosts(session, r);
            }
        });
        return result;
    }

    /** The node in use now (after any redirect), empty while reconnecting. */
    public Optional<NodeAddress> currentAddress() {
        return Optional.ofNullable(current);
    }

    public boolean isConnected() {
        return current != null;
    }

    /** The last msgid delivered for a remembered room (or its starting point), empty before that. */
    public OptionalLong lastDelivered(RoomUri room) {
        Long last = positions.get(room);
        return last == null ? OptionalLong.empty() : OptionalLong.of(last);
    }

    public PoolStats stats() {
        return new PoolStats(reconnects.get(), delivered.get(), duplicatesDropped.get(), filledFromHistory.get(),
                lost.get(), postsRetried.get(), postsRecovered.get());
    }

    /**
     * Stops: no more reconnection; waiting joins and posts fail with {@link
     * ConnectionLostException} (a post on the wire has an unknown outcome); the session ends with a
     * BYE (waiting up to about 2 s for its answer unless called from a listener); the client's
     * thread and event loop stop. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        boolean onLoopThread = Thread.currentThread() == loopThread;
        CompletableFuture<Session> stopped = new CompletableFuture<>();
        Runnable stop = () -> stopped.complete(shutDown());
        if (onLoopThread) {
            stop.run();
        } else if (!execute(stop)) {
            stopped.complete(null);
        }
        Session s = null;
        try {
            s = stopped.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("pool client did not stop its work in time");
        }
        loop.shutdown();
        if (s != null) {
            if (onLoopThread) {
                closeInBackground(s.node);
            } else {
                s.node.close();
            }
        }
        if (!onLoopThread) {
            try {
                loop.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownedGroup != null) {
            var done = ownedGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (!onLoopThread) {
                done.awaitUninterruptibly(STOP_WAIT.toMillis());
            }
        }
    }

    /** On the loop: ends everything; gives the session to close. */
    private Session shutDown() {
        closed = true;
        if (attemptTimer != null) {
            attemptTimer.cancel(false);
        }
        ConnectionLostException ended = new ConnectionLostException("pool client closed");
        for (Room r : rooms.values()) {
            forget(r, ended);
        }
        rooms.clear();
        Session s = session;
        session = null;
        current = null;
        if (s != null && s.keepAlive != null) {
            s.keepAlive.cancel(false);
        }
        return s;
    }

    @Override
    public String toString() {
        NodeAddress at = current;
        return "PoolClient[" + me + (at == null ? " reconnecting" : " at " + at) + (closed ? " closed" : "") + "]";
    }

    // ---------------------------------------------------------------- sessions

    private CompletableFuture<NodeSession> connect(NodeAddress address, Box box) {
        try {
            return connector.connect(template.withServer(address.host(), address.port()), m -> pushed(box, m));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void established(Box box, NodeSession node, int index, boolean first) {
        if (closed) {
            closeInBackground(node);
            return;
        }
        Session s = new Session(node, index);
        box.session = s;
        session = s;
        current = node.address();
        nextAddress = index;
        node.closed().whenComplete((reason, e) -> execute(() -> lost(s, "session ended: " + reason)));
        long keepAlive = options.keepAlive().toMillis();
        if (keepAlive > 0) {
            s.keepAlive = loop.scheduleWithFixedDelay(guard(() -> probe(s)), keepAlive, keepAlive, TimeUnit.MILLISECONDS);
        }
        if (first) {
            log.info("connected to {} as {}", node.address(), me);
        } else {
            reconnects.incrementAndGet();
            catchUp = new CatchUp(node.address(), lostAtNanos, new LinkedHashSet<>(rooms.keySet()));
        }
        tell(l -> l.onConnected(node.address()));
        for (Room r : new ArrayList<>(rooms.values())) {
            startRoom(r);
        }
        catchUpProgress();
    }

    private void lost(Session s, String reason) {
        if (s != session || closed) {
            return;
        }
        session = null;
        current = null;
        if (s.keepAlive != null) {
            s.keepAlive.cancel(false);
        }
        closeInBackground(s.node);
        for (Room r : rooms.values()) {
            r.phase = Phase.WAITING;
            r.sequence.fetchAbandoned();
            r.posts.sessionLost();
        }
        if (lostAtNanos < 0) {
            lostAtNanos = System.nanoTime();
        }
        catchUp = null;
        long livedNanos = System.nanoTime() - s.startedNanos;
        backoff = livedNanos >= options.backoffMax().toNanos() ? options.backoffMin() : doubled(backoff);
        nextAddress = (s.index + 1) % options.addresses().size();
        log.info("session with {} lost ({}); reconnecting", s.node.address(), reason);
        tell(l -> l.onDisconnected(reason));
        scheduleAttempt(backoff);
    }

    private void scheduleAttempt(Duration wait) {
        attemptTimer = loop.schedule(guard(this::attempt), wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void attempt() {
        attemptTimer = null;
        if (closed || session != null) {
            return;
        }
        int index = nextAddress;
        NodeAddress address = options.addresses().get(index);
        Box box = new Box();
        connect(address, box).whenComplete((node, error) -> {
            if (!execute(() -> attempted(box, index, node, error)) && node != null) {
                closeInBackground(node);
            }
        });
    }

    private void attempted(Box box, int index, NodeSession node, Throwable error) {
        if (closed || session != null) {
            if (node != null) {
                closeInBackground(node);
            }
            return;
        }
        if (error != null) {
            log.debug("no session with {}: {}", options.addresses().get(index), describe(error));
            nextAddress = (index + 1) % options.addresses().size();
            backoff = doubled(backoff);
            scheduleAttempt(backoff);
            return;
        }
        established(box, node, index, false);
    }

    private Duration doubled(Duration d) {
        Duration twice = d.multipliedBy(2);
        return twice.compareTo(options.backoffMax()) > 0 ? options.backoffMax() : twice;
    }

    private void probe(Session s) {
        if (s != session) {
            return;
        }
        s.node.probe().whenComplete((r, e) -> {
            if (e != null) {
                execute(() -> failed(s, e, () -> { }));
            }
        });
    }

    /**
     * A command of session {@code s} failed: a 503 to its INFO is retried after the Retry-After
     * ({@code retry}, on the same session); anything else (no answer in time, connection lost,
     * another refusal of the INFO) ends the session.
     */
    private void failed(Session s, Throwable error, Runnable retry) {
        if (s != session) {
            return;
        }
        Throwable cause = unwrap(error);
        if (retry != null && cause instanceof InfoRefusedException refused && refused.answer().status() == 503) {
            long waitMs = Math.max(refused.answer().retryAfter().toMillis(), options.backoffMin().toMillis());
            loop.schedule(guard(() -> {
                if (s == session) {
                    retry.run();
                }
            }), waitMs, TimeUnit.MILLISECONDS);
            return;
        }
        lost(s, describe(cause));
    }

    private void pushed(Box box, ChatMessage message) {
        execute(() -> {
            Session s = box.session;
            if (s == null || s != session) {
                return;
            }
            RoomUri uri = message.room() == null ? null : RoomUri.parse(message.room()).orElse(null);
            Room r = uri == null ? null : rooms.get(uri);
            if (r == null || r.phase == Phase.WAITING || r.phase == Phase.STARTING) {
                return;
            }
            r.sequence.offerLive(message);
            pump(s, r);
        });
    }

    // ---------------------------------------------------------------- rooms

    private boolean current(Session s, Room r) {
        return !closed && s == session && rooms.get(r.uri) == r;
    }

    /** Joins a room on the current session: the starting point first if needed, then join, then catch up. */
    private void startRoom(Room r) {
        Session s = session;
        if (s == null || closed) {
            r.phase = Phase.WAITING;
            return;
        }
        r.pageDone = false;
        if (r.startDecided) {
            joinRoom(s, r);
            return;
        }
        r.phase = Phase.STARTING;
        s.node.history(r.uri, 1).whenComplete((a, e) -> execute(() -> {
            if (!current(s, r)) {
                return;
            }
            if (e != null) {
                failed(s, e, () -> startRoom(r));
                return;
            }
            if (a.code() >= 500) {
                lostOnAnswer(s, "history of " + r.uri, a);
                return;
            }
            if (a.isOk()) {
                r.sequence.start(a.value().stream().mapToLong(ChatMessage::msgid).max().orElse(0));
                positions.put(r.uri, r.sequence.last());
            } else {
                // no history in this room (or no such room: the join will say): the first message starts it
                r.sequence.startAtFirst();
            }
            r.startDecided = true;
            joinRoom(s, r);
        }));
    }

    private void joinRoom(Session s, Room r) {
        r.phase = Phase.JOINING;
        s.node.join(r.uri).whenComplete((a, e) -> execute(() -> {
            if (!current(s, r)) {
                return;
            }
            if (e != null) {
                failed(s, e, () -> joinRoom(s, r));
                return;
            }
            if (a.code() >= 500) {
                lostOnAnswer(s, "join of " + r.uri, a);
                return;
            }
            if (!a.isOk()) {
                refused(r, a);
                return;
            }
            r.joined.complete(null);
            r.phase = Phase.CATCHING_UP;
            catchUpPage(s, r);
        }));
    }

    /** The newest page of history: everything stored before the join is in it or below it. */
    private void catchUpPage(Session s, Room r) {
        // Live messages may be delivered while the page is on its way: only what was delivered before
        // asking can show that the room went back.
        long deliveredWhenAsked = r.sequence.last();
        s.node.history(r.uri, options.catchUpPageSize()).whenComplete((a, e) -> execute(() -> {
            if (!current(s, r)) {
                return;
            }
            if (e != null) {
                failed(s, e, () -> catchUpPage(s, r));
                return;
            }
            if (a.code() >= 500) {
                lostOnAnswer(s, "history of " + r.uri, a);
                return;
            }
            if (a.isOk() && r.sequence.started()) {
                long newest = a.value().stream().mapToLong(ChatMessage::msgid).max().orElse(-1);
                if (newest >= 0 && newest < deliveredWhenAsked) {
                    log.warn("{}: the node's newest msgid {} is below the last delivered {}: the room went back;"
                            + " delivering from {} on", r.uri, newest, deliveredWhenAsked, newest);
                    r.sequence.rewindTo(newest);
                    positions.put(r.uri, newest);
                }
                r.sequence.offerHistory(a.value());
            }
            r.pageDone = true;
            pump(s, r);
        }));
    }

    /** Asks for the history a hole needs, moves a caught-up room to live, and sends its posts. */
    private void pump(Session s, Room r) {
        if (!current(s, r)) {
            return;
        }
        r.sequence.nextFetch().ifPresent(fetch -> s.node.historyBefore(r.uri, fetch.before(), fetch.count())
                .whenComplete((a, e) -> execute(() -> {
                    if (!current(s, r)) {
                        return;
                    }
                    if (e != null) {
                        r.sequence.fetchAbandoned();
                        failed(s, e, () -> pump(s, r));
                        return;
                    }
                    if (a.code() >= 500) {
                        r.sequence.fetchAbandoned();
                        lostOnAnswer(s, "history of " + r.uri, a);
                        return;
                    }
                    if (a.isOk()) {
                        r.sequence.fetched(fetch, a.value());
                    } else {
                        r.sequence.fetchUnavailable(fetch);
                    }
                    pump(s, r);
                })));
        if (r.phase == Phase.CATCHING_UP && r.pageDone && (!r.sequence.started() || r.sequence.caughtUp())) {
            r.phase = Phase.LIVE;
            if (catchUp != null && catchUp.waiting.remove(r.uri)) {
                catchUpProgress();
            }
        }
        if (r.phase == Phase.LIVE) {
            pumpPosts(s, r);
        }
    }

    private void catchUpProgress() {
        CatchUp c = catchUp;
        if (c == null || !c.waiting.isEmpty()) {
            return;
        }
        catchUp = null;
        lostAtNanos = -1;
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c.lostAtNanos);
        log.info("reconnected to {} after {} ms; caught up {} messages in {} rooms", c.address, ms, c.messages, c.rooms);
    }

    /** A join refused for good: the room is forgotten. */
    private void refused(Room r, NodeSession.Answer<?> a) {
        rooms.remove(r.uri);
        positions.remove(r.uri);
        String reason = a.code() + " " + a.text();
        boolean wasJoined = r.joined.isDone();
        forget(r, new RoomRefusedException(r.uri, a.code(), a.text()));
        if (wasJoined) {
            log.warn("{} could not be joined again ({}): forgotten", r.uri, reason);
            tell(l -> l.onRoomLost(r.uri, reason));
        }
        if (catchUp != null && catchUp.waiting.remove(r.uri)) {
            catchUpProgress();
        }
    }

    /** Fails what waits on a room that is being dropped. */
    private void forget(Room r, RuntimeException why) {
        r.joined.completeExceptionally(why);
        for (RoomPosts.Post p : r.posts.takeAll()) {
            p.future.completeExceptionally(why);
        }
        if (catchUp != null && catchUp.waiting.remove(r.uri)) {
            catchUpProgress();
        }
    }

    private void lostOnAnswer(Session s, String what, NodeSession.Answer<?> a) {
        lost(s, what + " answered " + a.code() + " " + a.text());
    }

    // ---------------------------------------------------------------- posts

    private void pumpPosts(Session s, Room r) {
        while (true) {
            RoomPosts.Post p = r.posts.head();
            if (p == null) {
                return;
            }
            switch (p.state) {
                case QUEUED -> send(s, r, p);
                case UNKNOWN -> {
                    if (p.echoSeen) {
                        r.posts.remove(p);
                        postsRecovered.incrementAndGet();
                        log.info("{}: a post whose answer was lost is in the history: not sent again", r.uri);
                        p.future.complete(new PostReceipt(r.uri, p.text, p.attempts, PostReceipt.Resolution.FOUND_IN_HISTORY));
                        continue;
                    }
                    send(s, r, p);
                }
                default -> {
                }
            }
            return;
        }
    }

    private void send(Session s, Room r, RoomPosts.Post p) {
        r.posts.sent(p, r.sequence.last());
        if (p.attempts > 1) {
            postsRetried.incrementAndGet();
        }
        int attempt = p.attempts;
        s.node.post(r.uri, p.text).whenComplete((result, error) -> execute(() -> verdict(s, r, p, attempt, result, error)));
    }

    private void verdict(Session s, Room r, RoomPosts.Post p, int attempt, PostResult result, Throwable error) {
        if (closed || rooms.get(r.uri) != r || r.posts.head() != p || p.attempts != attempt
                || (p.state != RoomPosts.State.SENT && p.state != RoomPosts.State.UNKNOWN)) {
            return;
        }
        if (error != null) {
            // no verdict: the outcome is unknown until the next session has caught up
            failed(s, error, null);
            return;
        }
        if (result.isStored()) {
            // definitive, even if it comes from a session already given up
            r.posts.stored(p);
            p.future.complete(new PostReceipt(r.uri, p.text, p.attempts, PostReceipt.Resolution.ACKNOWLEDGED));
            if (s == session && r.phase == Phase.LIVE) {
                pumpPosts(s, r);
            }
            return;
        }
        if (s != session) {
            return; // unknown already; resolved after the catch-up
        }
        switch (result.status()) {
            case 503 -> {
                p.state = RoomPosts.State.WAITING_RETRY;
                Duration wait = result.retryAfter().isZero() ? nextRetryWait(p) : result.retryAfter();
                log.debug("{}: post refused with 503, retrying in {} ms", r.uri, wait.toMillis());
                loop.schedule(guard(() -> {
                    if (rooms.get(r.uri) == r && r.posts.head() == p && p.state == RoomPosts.State.WAITING_RETRY) {
                        p.state = RoomPosts.State.QUEUED;
                        if (session != null && r.phase == Phase.LIVE) {
                            pumpPosts(session, r);
                        }
                    }
                }), wait.toNanos(), TimeUnit.NANOSECONDS);
            }
            case 481 -> {
                // the node does not know the dialog: nothing was stored; sent again on the next session
                p.state = RoomPosts.State.QUEUED;
                lost(s, "post answered 481: the node lost the dialog");
            }
            default -> {
                r.posts.remove(p);
                p.future.completeExceptionally(new PostRefusedException(r.uri, result));
                pumpPosts(s, r);
            }
        }
    }

    private Duration nextRetryWait(RoomPosts.Post p) {
        p.retryWait = p.retryWait == null ? options.backoffMin() : doubled(p.retryWait);
        return p.retryWait;
    }

    // ---------------------------------------------------------------- plumbing

    /** Runs {@code task} on the client's thread; false when the client has stopped. */
    private boolean execute(Runnable task) {
        try {
            loop.execute(guard(task));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void onLoop(CompletableFuture<?> result, Runnable task) {
        if (closed || !execute(() -> {
            if (closed) {
                result.completeExceptionally(new ConnectionLostException("pool client closed"));
            } else {
                task.run();
            }
        })) {
            result.completeExceptionally(new ConnectionLostException("pool client closed"));
        }
    }

    /** A task that logs what it throws (the executor would keep it silently in a future). */
    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("pool client task failed", e);
            }
        };
    }

    private void tell(Consumer<PoolListener> call) {
        for (PoolListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.warn("pool listener {} failed", l, e);
            }
        }
    }

    private static <T> void complete(CompletableFuture<T> result, T value, Throwable error) {
        if (error != null) {
            result.completeExceptionally(unwrap(error));
        } else {
            result.complete(value);
        }
    }

    /** Closes a session without holding up the caller (a BYE may wait for its answer). */
    private static void closeInBackground(NodeSession node) {
        Thread t = new Thread(() -> {
            try {
                node.close();
            } catch (RuntimeException e) {
                log.debug("closing {} failed", node, e);
            }
        }, "pchat-pool-close");
        t.setDaemon(true);
        t.start();
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof TimeoutException) {
            return "no answer in time";
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
