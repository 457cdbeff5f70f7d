package io.pchat.client.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.client.ChatMessage;
import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.RoomUri;

/**
 * One room a {@link PoolClient} remembers, and what it does on each session: learn its starting
 * point (first join only), join, take the newest page of history and fill the hole below it, go
 * live, then send its posts one at a time. Its {@link RoomSequence} delivers the messages in
 * order, each once; its {@link RoomPosts} keeps the posts and resolves those whose answer was
 * lost.
 *
 * <p>Invariant: confined to the client's thread; every answer is acted on only while it belongs
 * to the session now in use and the room is still remembered ({@link Client#current}).
 */
final class PoolRoom implements RoomSequence.Sink {
    private static final Logger log = LoggerFactory.getLogger(PoolClient.class);

    enum Phase {
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

    /** What a room needs from its client (all on the client's thread). */
    interface Client {
        /** The session in use, or null while reconnecting. */
        PoolSession session();

        /** Whether answers of {@code s} still count for {@code room}: the client runs, {@code s} is in use, the room remembered. */
        boolean current(PoolSession s, PoolRoom room);

        /** Whether the client has stopped or forgotten the room. */
        boolean remembers(PoolRoom room);

        /** Runs {@code task} on the client's thread; false when it has stopped. */
        boolean execute(Runnable task);

        void schedule(Runnable task, Duration wait);

        /** A command of {@code s} failed: retried after a 503's Retry-After, else the session is lost. */
        void failed(PoolSession s, Throwable error, Runnable retry);

        void lost(PoolSession s, String reason);

        void tell(Consumer<PoolListener> call);

        /** The room's last delivered msgid (or starting point), readable from any thread. */
        void position(RoomUri room, long msgid);

        /** The node refused the room for good: forget it. */
        void drop(PoolRoom room);

        /** The room no longer holds up the reconnection's catch-up (live, refused or dropped). */
        void settled(RoomUri room);

        /** A message of the room came from history while the reconnection catches up. */
        void caughtUpOne(RoomUri room);
    }

    final RoomUri uri;
    final RoomSequence sequence;
    final RoomPosts posts;
    final CompletableFuture<Void> joined = new CompletableFuture<>();
    Phase phase = Phase.WAITING;
    /** The starting point is known or decided (no history probe needed). */
    boolean startDecided;
    /** The newest page of history of this session's catch-up was taken. */
    private boolean pageDone;
    private final PoolClientOptions options;
    private final PoolCounters counters;
    private final Client client;

    PoolRoom(RoomUri uri, String me, PoolClientOptions options, PoolCounters counters, Client client) {
        this.uri = uri;
        this.options = options;
        this.counters = counters;
        this.client = client;
        this.sequence = new RoomSequence(options.catchUpPageSize(), this);
        this.posts = new RoomPosts(me);
    }

    // ---------------------------------------------------------------- delivery (RoomSequence.Sink)

    @Override
    public void deliver(ChatMessage message, boolean fromHistory) {
        counters.delivered.incrementAndGet();
        if (fromHistory) {
            counters.filledFromHistory.incrementAndGet();
            client.caughtUpOne(uri);
        }
        client.position(uri, message.msgid());
        posts.delivered(message);
        client.tell(l -> l.onMessage(uri, message));
    }

    @Override
    public void duplicate(ChatMessage message) {
        counters.duplicatesDropped.incrementAndGet();
    }

    @Override
    public void skipped(long first, long last) {
        counters.lost.addAndGet(last - first + 1);
        log.warn("{}: messages {}..{} cannot be had from history and are skipped", uri, first, last);
        client.tell(l -> l.onGap(uri, first, last));
    }

    @Override
    public void known(long first, long last) {
        log.info("{}: msgids {}..{} name no message (a failover skipped them): stepped over", uri, first, last);
    }

    // ---------------------------------------------------------------- joining and catching up

    /** Joins the room on the session in use: the starting point first if needed, then join, then catch up. */
    void start() {
        PoolSession s = client.session();
        if (s == null || !client.remembers(this)) {
            phase = Phase.WAITING;
            return;
        }
        pageDone = false;
        if (startDecided) {
            join(s);
            return;
        }
        phase = Phase.STARTING;
        s.node.history(uri, 1).whenComplete((a, e) -> client.execute(() -> {
            if (!client.current(s, this)) {
                return;
            }
            if (e != null) {
                client.failed(s, e, this::start);
                return;
            }
            if (a.code() >= 500) {
                lostOnAnswer(s, "history of " + uri, a);
                return;
            }
            if (a.isOk()) {
                sequence.start(a.value().messages().stream().mapToLong(ChatMessage::msgid).max().orElse(0));
                client.position(uri, sequence.last());
            } else {
                // no history in this room (or no such room: the join will say): the first message starts it
                sequence.startAtFirst();
            }
            startDecided = true;
            join(s);
        }));
    }

    private void join(PoolSession s) {
        phase = Phase.JOINING;
        s.node.join(uri).whenComplete((a, e) -> client.execute(() -> {
            if (!client.current(s, this)) {
                return;
            }
            if (e != null) {
                client.failed(s, e, () -> join(s));
                return;
            }
            if (a.code() >= 500) {
                lostOnAnswer(s, "join of " + uri, a);
                return;
            }
            if (!a.isOk()) {
                refused(a);
                return;
            }
            joined.complete(null);
            phase = Phase.CATCHING_UP;
            catchUpPage(s);
        }));
    }

    /** The newest page of history: everything stored before the join is in it or below it. */
    private void catchUpPage(PoolSession s) {
        // Live messages may be delivered while the page is on its way: only what was delivered before
        // asking can show that the room went back.
        long deliveredWhenAsked = sequence.last();
        s.node.history(uri, options.catchUpPageSize()).whenComplete((a, e) -> client.execute(() -> {
            if (!client.current(s, this)) {
                return;
            }
            if (e != null) {
                client.failed(s, e, () -> catchUpPage(s));
                return;
            }
            if (a.code() >= 500) {
                lostOnAnswer(s, "history of " + uri, a);
                return;
            }
            if (a.isOk() && sequence.started()) {
                long newest = a.value().messages().stream().mapToLong(ChatMessage::msgid).max().orElse(-1);
                if (newest >= 0 && newest < deliveredWhenAsked) {
                    log.warn("{}: the node's newest msgid {} is below the last delivered {}: the room went back;"
                            + " delivering from {} on", uri, newest, deliveredWhenAsked, newest);
                    sequence.rewindTo(newest);
                    client.position(uri, newest);
                }
                sequence.offerHistory(a.value().messages());
                sequence.offerGaps(a.value().gaps());
            }
            pageDone = true;
            pump(s);
        }));
    }

    /** A message the node pushed on session {@code s}. */
    void offerLive(PoolSession s, ChatMessage message) {
        if (phase == Phase.WAITING || phase == Phase.STARTING) {
            return;
        }
        sequence.offerLive(message);
        pump(s);
    }

    /** Asks for the history a hole needs, moves a caught-up room to live, and sends its posts. */
    void pump(PoolSession s) {
        if (!client.current(s, this)) {
            return;
        }
        sequence.nextFetch().ifPresent(fetch -> s.node.historyBefore(uri, fetch.before(), fetch.count())
                .whenComplete((a, e) -> client.execute(() -> {
                    if (!client.current(s, this)) {
                        return;
                    }
                    if (e != null) {
                        sequence.fetchAbandoned();
                        client.failed(s, e, () -> pump(s));
                        return;
                    }
                    if (a.code() >= 500) {
                        sequence.fetchAbandoned();
                        lostOnAnswer(s, "history of " + uri, a);
                        return;
                    }
                    if (a.isOk()) {
                        sequence.fetched(fetch, a.value().messages(), a.value().gaps());
                    } else {
                        sequence.fetchUnavailable(fetch);
                    }
                    pump(s);
                })));
        if (phase == Phase.CATCHING_UP && pageDone && (!sequence.started() || sequence.caughtUp())) {
            phase = Phase.LIVE;
            client.settled(uri);
        }
        if (phase == Phase.LIVE) {
            pumpPosts(s);
        }
    }

    /** The session was lost: the room waits for the next one; posts on the wire have an unknown outcome. */
    void sessionLost() {
        phase = Phase.WAITING;
        sequence.fetchAbandoned();
        posts.sessionLost();
    }

    /** A join refused for good: the room is forgotten. */
    private void refused(NodeSession.Answer<?> a) {
        client.drop(this);
        String reason = a.code() + " " + a.text();
        boolean wasJoined = joined.isDone();
        forget(new RoomRefusedException(uri, a.code(), a.text()));
        if (wasJoined) {
            log.warn("{} could not be joined again ({}): forgotten", uri, reason);
            client.tell(l -> l.onRoomLost(uri, reason));
        }
    }

    /** Fails what waits on the room, which is being dropped. */
    void forget(RuntimeException why) {
        joined.completeExceptionally(why);
        for (RoomPosts.Post p : posts.takeAll()) {
            p.future.completeExceptionally(why);
        }
        client.settled(uri);
    }

    private void lostOnAnswer(PoolSession s, String what, NodeSession.Answer<?> a) {
        client.lost(s, what + " answered " + a.code() + " " + a.text());
    }

    // ---------------------------------------------------------------- posts

    /** Queues a post; it is sent once the room is live on a session. */
    void post(String text, CompletableFuture<PostReceipt> result) {
        posts.add(text, result);
        PoolSession s = client.session();
        if (s != null && phase == Phase.LIVE) {
            pumpPosts(s);
        }
    }

    private void pumpPosts(PoolSession s) {
        while (true) {
            RoomPosts.Post p = posts.head();
            if (p == null) {
                return;
            }
            switch (p.state) {
                case QUEUED -> send(s, p);
                case UNKNOWN -> {
                    if (p.echoSeen) {
                        posts.remove(p);
                        counters.postsRecovered.incrementAndGet();
                        log.info("{}: a post whose answer was lost is in the history: not sent again", uri);
                        p.future.complete(new PostReceipt(uri, p.text, p.attempts, PostReceipt.Resolution.FOUND_IN_HISTORY));
                        continue;
                    }
                    send(s, p);
                }
                default -> {
                }
            }
            return;
        }
    }

    private void send(PoolSession s, RoomPosts.Post p) {
        posts.sent(p, sequence.last());
        if (p.attempts > 1) {
            counters.postsRetried.incrementAndGet();
        }
        int attempt = p.attempts;
        s.node.post(uri, p.text).whenComplete((result, error) -> client.execute(() -> verdict(s, p, attempt, result, error)));
    }

    private void verdict(PoolSession s, RoomPosts.Post p, int attempt, PostResult result, Throwable error) {
        if (!client.remembers(this) || posts.head() != p || p.attempts != attempt
                || (p.state != RoomPosts.State.SENT && p.state != RoomPosts.State.UNKNOWN)) {
            return;
        }
        if (error != null) {
            // no verdict: the outcome is unknown until the next session has caught up
            client.failed(s, error, null);
            return;
        }
        if (result.isStored()) {
            // definitive, even if it comes from a session already given up
            posts.stored(p);
            p.future.complete(new PostReceipt(uri, p.text, p.attempts, PostReceipt.Resolution.ACKNOWLEDGED));
            if (s == client.session() && phase == Phase.LIVE) {
                pumpPosts(s);
            }
            return;
        }
        if (s != client.session()) {
            return; // unknown already; resolved after the catch-up
        }
        switch (result.status()) {
            case 503 -> {
                p.state = RoomPosts.State.WAITING_RETRY;
                Duration wait = result.retryAfter().isZero() ? nextRetryWait(p) : result.retryAfter();
                log.debug("{}: post refused with 503, retrying in {} ms", uri, wait.toMillis());
                client.schedule(() -> {
                    if (client.remembers(this) && posts.head() == p && p.state == RoomPosts.State.WAITING_RETRY) {
                        p.state = RoomPosts.State.QUEUED;
                        PoolSession now = client.session();
                        if (now != null && phase == Phase.LIVE) {
                            pumpPosts(now);
                        }
                    }
                }, wait);
            }
            case 481 -> {
                // the node does not know the dialog: nothing was stored; sent again on the next session
                p.state = RoomPosts.State.QUEUED;
                client.lost(s, "post answered 481: the node lost the dialog");
            }
            case PostResult.OUTCOME_UNKNOWN -> {
                // the node could not learn whether it was stored: resolved from the history, as a lost verdict is
                client.lost(s, "post answered 504: whether it was stored is unknown");
            }
            default -> {
                posts.remove(p);
                p.future.completeExceptionally(new PostRefusedException(uri, result));
                pumpPosts(s);
            }
        }
    }

    private Duration nextRetryWait(RoomPosts.Post p) {
        p.retryWait = p.retryWait == null ? options.backoffMin() : options.nextBackoff(p.retryWait);
        return p.retryWait;
    }
}
