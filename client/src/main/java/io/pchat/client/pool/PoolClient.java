package io.pchat.client.pool;

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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoopGroup;
import io.pchat.lifecycle.LifeCycle;
import io.pchat.client.ChatMessage;
import io.pchat.client.ClientOptions;
import io.pchat.client.ConnectionLostException;
import io.pchat.client.InfoRefusedException;
import io.pchat.client.NettyTransport;
import io.pchat.protocol.concurrent.AsyncCause;
import io.pchat.protocol.xccos.RoomUri;

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
 *
 * <p>Lifecycle: the constructor starts nothing (no thread, no event loop, no connection);
 * {@link #start()} opens the first session, {@link #stop()} (or {@link #close()}) ends it for good.
 * {@link #open} makes and starts one. A stopped client is not started again: make a new one.
 */
public final class PoolClient implements LifeCycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PoolClient.class);
    /** How long close() waits for the client's thread and the event loops to stop. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /** Tells pushed messages which session they came from (set once that session is established). */
    private static final class Box {
        volatile PoolSession session;
    }

    private final PoolClientOptions options;
    private volatile ClientOptions template;
    private final NodeSession.Connector connector;
    private final String me;
    private volatile EventLoopGroup ownedGroup;
    private volatile State state = State.STOPPED;
    private final PoolThread loop = new PoolThread();
    private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Map<RoomUri, Long> positions = new ConcurrentHashMap<>();
    private final PoolCounters counters = new PoolCounters();
    private final RoomsClient roomsClient = new RoomsClient();
    private volatile NodeAddress current;
    private volatile boolean closed;

    // the client's thread only:
    private final Map<RoomUri, PoolRoom> rooms = new LinkedHashMap<>();
    private PoolSession session;
    private int nextAddress;
    private Duration backoff;
    private ScheduledFuture<?> attemptTimer;
    /** When the session was lost, until a reconnection has caught up; -1 when not reconnecting. */
    private long lostAtNanos = -1;
    private CatchUp catchUp;

    /** A client of the pool {@code options} names; {@link #start()} connects it. */
    public PoolClient(PoolClientOptions options) {
        this(options, ChatClientSession::connect);
    }

    PoolClient(PoolClientOptions options, NodeSession.Connector connector) {
        this.options = Objects.requireNonNull(options, "options");
        this.connector = connector;
        this.me = options.template().user();
        this.backoff = options.backoffMin();
        this.template = options.template();
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
        PoolClient pool = new PoolClient(options, connector);
        if (listener != null) {
            pool.addListener(listener);
        }
        pool.start();
        return pool;
    }

    @Override
    public String name() {
        return "pool client " + me;
    }

    @Override
    public State state() {
        return state;
    }

    /**
     * Opens a session with the first address of the pool that accepts one (then the next ones in
     * turn, each once); fails with an {@link IOException} naming every address's failure when none
     * accepts, and the client is then stopped. A started client is left as it is.
     */
    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (state == State.STARTED) {
            return;
        }
        if (closing.get()) {
            throw new IllegalStateException(name() + " was stopped: a pool client is not started again");
        }
        state = State.STARTING;
        if (options.template().eventLoopGroup() == null) {
            ownedGroup = NettyTransport.best().newGroup(1, "pchat-pool-client");
            template = options.template().withEventLoopGroup(ownedGroup);
        }
        try {
            firstSession();
            state = State.STARTED;
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            state = State.FAILED;
            throw e;
        }
    }

    /** Same as {@link #close()}. */
    @Override
    public void stop() {
        close();
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
                failures.add(address + ": " + Causes.describe(e.getCause()));
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
                loop.call(() -> {
                    established(box, node, index, true);
                    return null;
                }, STOP_WAIT);
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
            PoolRoom known = rooms.get(room);
            if (known != null) {
                known.joined.whenComplete((v, e) -> complete(result, null, e));
                return;
            }
            PoolRoom r = new PoolRoom(room, me, options, counters, roomsClient);
            if (afterMsgid != null) {
                r.sequence.start(afterMsgid);
                r.startDecided = true;
                positions.put(room, afterMsgid);
            }
            rooms.put(room, r);
            r.joined.whenComplete((v, e) -> complete(result, null, e));
            r.start();
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
            PoolRoom r = rooms.remove(room);
            if (r == null) {
                result.complete(null);
                return;
            }
            positions.remove(room);
            r.forget(new CancellationException("parted from " + room));
            PoolSession s = session;
            if (s != null && r.phase != PoolRoom.Phase.WAITING && r.phase != PoolRoom.Phase.STARTING) {
                s.node.part(room).whenComplete((a, e) -> {
                    if (e != null) {
                        log.debug("part of {} not answered: {}", room, Causes.describe(e));
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
            PoolRoom r = rooms.get(room);
            if (r == null) {
                result.completeExceptionally(new IllegalStateException("not joined to " + room + ": join it first"));
                return;
            }
            r.post(text, result);
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
        return counters.snapshot();
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
        state = State.STOPPING;
        boolean onLoopThread = loop.isCurrent();
        CompletableFuture<PoolSession> stopped = new CompletableFuture<>();
        Runnable stop = () -> stopped.complete(shutDown());
        if (onLoopThread) {
            stop.run();
        } else if (!execute(stop)) {
            stopped.complete(null);
        }
        PoolSession s = null;
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
                s.node.closeInBackground();
            } else {
                s.node.close();
            }
        }
        if (!onLoopThread) {
            loop.awaitTermination(STOP_WAIT);
        }
        EventLoopGroup group = ownedGroup;
        if (group != null) {
            var done = group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (!onLoopThread) {
                done.awaitUninterruptibly(STOP_WAIT.toMillis());
            }
        }
        state = State.STOPPED;
    }

    /** On the loop: ends everything; gives the session to close. */
    private PoolSession shutDown() {
        closed = true;
        if (attemptTimer != null) {
            attemptTimer.cancel(false);
        }
        ConnectionLostException ended = new ConnectionLostException("pool client closed");
        for (PoolRoom r : rooms.values()) {
            r.forget(ended);
        }
        rooms.clear();
        PoolSession s = session;
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
            node.closeInBackground();
            return;
        }
        PoolSession s = new PoolSession(node, index);
        box.session = s;
        session = s;
        current = node.address();
        nextAddress = index;
        node.closed().whenComplete((reason, e) -> execute(() -> lost(s, "session ended: " + reason)));
        long keepAlive = options.keepAlive().toMillis();
        if (keepAlive > 0) {
            s.keepAlive = loop.every(() -> probe(s), Duration.ofMillis(keepAlive));
        }
        if (first) {
            log.info("connected to {} as {}", node.address(), me);
        } else {
            counters.reconnects.incrementAndGet();
            catchUp = new CatchUp(node.address(), lostAtNanos, new LinkedHashSet<>(rooms.keySet()));
        }
        tell(l -> l.onConnected(node.address()));
        for (PoolRoom r : new ArrayList<>(rooms.values())) {
            r.start();
        }
        catchUpProgress();
    }

    private void lost(PoolSession s, String reason) {
        if (s != session || closed) {
            return;
        }
        session = null;
        current = null;
        if (s.keepAlive != null) {
            s.keepAlive.cancel(false);
        }
        s.node.closeInBackground();
        for (PoolRoom r : rooms.values()) {
            r.sessionLost();
        }
        if (lostAtNanos < 0) {
            lostAtNanos = System.nanoTime();
        }
        catchUp = null;
        long livedNanos = System.nanoTime() - s.startedNanos;
        backoff = livedNanos >= options.backoffMax().toNanos() ? options.backoffMin() : options.nextBackoff(backoff);
        nextAddress = (s.index + 1) % options.addresses().size();
        log.info("session with {} lost ({}); reconnecting", s.node.address(), reason);
        tell(l -> l.onDisconnected(reason));
        scheduleAttempt(backoff);
    }

    private void scheduleAttempt(Duration wait) {
        attemptTimer = loop.schedule(this::attempt, wait);
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
                node.closeInBackground();
            }
        });
    }

    private void attempted(Box box, int index, NodeSession node, Throwable error) {
        if (closed || session != null) {
            if (node != null) {
                node.closeInBackground();
            }
            return;
        }
        if (error != null) {
            log.debug("no session with {}: {}", options.addresses().get(index), Causes.describe(error));
            nextAddress = (index + 1) % options.addresses().size();
            backoff = options.nextBackoff(backoff);
            scheduleAttempt(backoff);
            return;
        }
        established(box, node, index, false);
    }

    private void probe(PoolSession s) {
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
    private void failed(PoolSession s, Throwable error, Runnable retry) {
        if (s != session) {
            return;
        }
        Throwable cause = AsyncCause.of(error);
        if (retry != null && cause instanceof InfoRefusedException refused && refused.answer().status() == 503) {
            long waitMs = Math.max(refused.answer().retryAfter().toMillis(), options.backoffMin().toMillis());
            loop.schedule(() -> {
                if (s == session) {
                    retry.run();
                }
            }, Duration.ofMillis(waitMs));
            return;
        }
        lost(s, Causes.describe(cause));
    }

    private void pushed(Box box, ChatMessage message) {
        execute(() -> {
            PoolSession s = box.session;
            if (s == null || s != session) {
                return;
            }
            RoomUri uri = message.room() == null ? null : RoomUri.parse(message.room()).orElse(null);
            PoolRoom r = uri == null ? null : rooms.get(uri);
            if (r != null) {
                r.offerLive(s, message);
            }
        });
    }

    // ---------------------------------------------------------------- rooms

    private void catchUpProgress() {
        CatchUp c = catchUp;
        if (c != null && c.done()) {
            catchUp = null;
            lostAtNanos = -1;
            log.info(c.describe());
        }
    }

    /** What the rooms see of the client: its session, thread, failures and bookkeeping. */
    private final class RoomsClient implements PoolRoom.Client {
        @Override
        public PoolSession session() {
            return session;
        }

        @Override
        public boolean current(PoolSession s, PoolRoom room) {
            return s == session && remembers(room);
        }

        @Override
        public boolean remembers(PoolRoom room) {
            return !closed && rooms.get(room.uri) == room;
        }

        @Override
        public boolean execute(Runnable task) {
            return PoolClient.this.execute(task);
        }

        @Override
        public void schedule(Runnable task, Duration wait) {
            loop.schedule(task, wait);
        }

        @Override
        public void failed(PoolSession s, Throwable error, Runnable retry) {
            PoolClient.this.failed(s, error, retry);
        }

        @Override
        public void lost(PoolSession s, String reason) {
            PoolClient.this.lost(s, reason);
        }

        @Override
        public void tell(Consumer<PoolListener> call) {
            PoolClient.this.tell(call);
        }

        @Override
        public void position(RoomUri room, long msgid) {
            positions.put(room, msgid);
        }

        @Override
        public void drop(PoolRoom room) {
            rooms.remove(room.uri);
            positions.remove(room.uri);
        }

        @Override
        public void settled(RoomUri room) {
            if (catchUp != null) {
                catchUp.settled(room);
                catchUpProgress();
            }
        }

        @Override
        public void caughtUpOne(RoomUri room) {
            if (catchUp != null) {
                catchUp.counted(room);
            }
        }
    }

    // ---------------------------------------------------------------- plumbing

    /** Runs {@code task} on the client's thread; false when the client has stopped. */
    private boolean execute(Runnable task) {
        return loop.execute(task);
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
            result.completeExceptionally(AsyncCause.of(error));
        } else {
            result.complete(value);
        }
    }
}
