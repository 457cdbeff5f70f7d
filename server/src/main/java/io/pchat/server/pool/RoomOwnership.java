package io.pchat.server.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.log.MessageLog;

/**
 * Which rooms this node sequences (docs/design.md "Room ownership"). A room is owned by the
 * rendezvous winner among the live active nodes; this node <em>sequences</em> a room only after
 * claiming it: every other node with a live lease has confirmed over the node link that it does
 * not sequence the room (a node whose lease expired has stopped by itself), then the log forgets
 * the room's counter so the first msgid follows the stored last one. No gap, no duplicate.
 *
 * <p>Invariants: a claim is given up (released) as soon as the view says another node owns the
 * room, or when a peer that the view names as owner asks for it; a release completes only when
 * no append of the room is in flight here, so the new owner reads the final MAX(msgid). Thread-safe:
 * claims are per-room objects guarded by their own monitor.
 */
public final class RoomOwnership {
    private static final Logger log = LoggerFactory.getLogger(RoomOwnership.class);
    private static final long RETRY_MILLIS = 100;

    /** How a claim asks a peer to give up a room: completes true when it granted, false when it refused. */
    public interface Peers {
        CompletableFuture<Boolean> acquire(String peer, String roomId);
    }

    private final String self;
    private final MessageLog messageLog;
    private final ScheduledExecutorService timer;
    private final long claimTimeoutMillis;
    private final ConcurrentHashMap<String, Claim> claims = new ConcurrentHashMap<>();
    /** Rooms given up whose appends in flight are not all durable yet (or whose counter is being forgotten). */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> releasing = new ConcurrentHashMap<>();
    private volatile Peers peers;
    private volatile BooleanSupplier leaseLive = () -> true;
    private volatile PoolView view = PoolView.unknown();

    public RoomOwnership(String self, MessageLog messageLog, ScheduledExecutorService timer, long claimTimeoutMillis) {
        this.self = self;
        this.messageLog = messageLog;
        this.timer = timer;
        this.claimTimeoutMillis = claimTimeoutMillis;
    }

    public void peers(Peers value) {
        this.peers = value;
    }

    /**
     * Whether this node's own lease is live now (by its own clock): checked at every claim and
     * every append, so a node whose heartbeat is late stops sequencing at its lease's end, not at
     * its next view.
     */
    public void leaseCheck(BooleanSupplier value) {
        this.leaseLive = value;
    }

    public PoolView view() {
        return view;
    }

    public String self() {
        return self;
    }

    /** Rooms this node sequences now (or is claiming). */
    public Set<String> claimed() {
        return new TreeSet<>(claims.keySet());
    }

    /** A new view: rooms this node no longer owns are released. */
    public void update(PoolView next) {
        this.view = next;
        List<String> lost = new ArrayList<>();
        for (Claim c : claims.values()) {
            if (!self.equals(next.ownerOf(c.roomId))) {
                lost.add(c.roomId);
            }
        }
        for (String roomId : lost) {
            release(roomId).thenRun(() -> log.info("room {} released: now owned by {}", roomId,
                    next.ownerOf(roomId) == null ? "nobody (no live active node)" : next.ownerOf(roomId)));
        }
    }

    /**
     * Completes once this node may sequence the room; fails with {@link RoomUnavailableException}
     * when it does not own it or cannot claim it within the claim timeout.
     */
    public CompletableFuture<Void> sequencing(String roomId) {
        PoolView v = view;
        if (!self.equals(v.ownerOf(roomId))) {
            return CompletableFuture.failedFuture(new RoomUnavailableException("room " + roomId + " is owned by "
                    + (v.ownerOf(roomId) == null ? "no live active node" : v.ownerOf(roomId))));
        }
        if (!leaseLive.getAsBoolean()) {
            return CompletableFuture.failedFuture(new RoomUnavailableException("this node's lease has expired"));
        }
        Claim fresh = new Claim(roomId);
        Claim claim = claims.putIfAbsent(key(roomId), fresh);
        if (claim == null) {
            claim = fresh; // started outside the map's lock: the claim looks itself up in the map
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(claimTimeoutMillis);
            // A room this node is still giving up is claimed again only once its last appends are durable.
            releasing.getOrDefault(key(roomId), CompletableFuture.completedFuture(null))
                    .whenComplete((released, error) -> startClaim(fresh, deadline));
        }
        return claim.ready;
    }

    /**
     * Before an append: returns what to run when the append finished (whatever its outcome), or
     * null when the room was released since {@link #sequencing} completed (route the post again).
     */
    public Runnable begin(String roomId) {
        Claim c = claims.get(key(roomId));
        if (c == null || !c.ready.isDone() || c.ready.isCompletedExceptionally() || !leaseLive.getAsBoolean()) {
            return null;
        }
        synchronized (c) {
            if (c.released) {
                return null;
            }
            c.inFlight++;
        }
        return c::endOne;
    }

    /**
     * A peer asks for the room: granted (after this node's appends of the room are durable) when
     * this node's view names the peer as owner, refused otherwise (views differ for at most a
     * heartbeat; the peer retries).
     */
    public CompletableFuture<Boolean> onAcquire(String peer, String roomId) {
        if (!peer.equals(view.ownerOf(roomId))) {
            return CompletableFuture.completedFuture(false);
        }
        return release(roomId).thenApply(v -> true);
    }

    /** Gives up the room: no new append starts here, the running ones finish, the log forgets the room. */
    public CompletableFuture<Void> release(String roomId) {
        String k = key(roomId);
        synchronized (releasing) { // one release per claim; visible in releasing before the claim leaves claims
            Claim c = claims.get(k);
            if (c == null) {
                // Not sequenced here, or being given up already: done when that finishes.
                return releasing.getOrDefault(k, CompletableFuture.completedFuture(null));
            }
            c.ready.completeExceptionally(new RoomUnavailableException("room " + roomId + " moved to another node"));
            CompletableFuture<Void> drained = c.released();
            CompletableFuture<Void> done = drained.thenCompose(v -> messageLog.forgetRoom(roomId));
            releasing.put(k, done);
            claims.remove(k, c);
            done.whenComplete((v, e) -> releasing.remove(k, done));
            return done;
        }
    }

    /** Gives up every room (the lease expired, the node stops). */
    public CompletableFuture<Void> releaseAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (String k : new ArrayList<>(claims.keySet())) {
            Claim c = claims.get(k);
            if (c != null) {
                all.add(release(c.roomId));
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private void startClaim(Claim claim, long deadline) {
        PoolView v = view;
        if (claims.get(key(claim.roomId)) != claim) {
            return; // released while claiming
        }
        if (!self.equals(v.ownerOf(claim.roomId))) {
            fail(claim, "room " + claim.roomId + " is now owned by " + v.ownerOf(claim.roomId));
            return;
        }
        Peers p = peers;
        List<String> others = v.leased().stream().filter(n -> !n.equals(self)).sorted().toList();
        List<CompletableFuture<Boolean>> asks = new ArrayList<>();
        for (String other : others) {
            asks.add(p == null ? CompletableFuture.failedFuture(new RoomUnavailableException("no node link"))
                    : p.acquire(other, claim.roomId).exceptionally(e -> false));
        }
        CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).whenComplete((x, e) -> {
            boolean all = asks.stream().allMatch(f -> !f.isCompletedExceptionally() && f.join());
            if (all) {
                messageLog.forgetRoom(claim.roomId).whenComplete((y, error) -> {
                    if (error != null) {
                        fail(claim, "the log could not reload room " + claim.roomId + ": " + error);
                    } else {
                        claim.ready.complete(null);
                        if (!others.isEmpty()) {
                            log.info("room {} claimed (confirmed by {})", claim.roomId, others);
                        }
                    }
                });
            } else if (System.nanoTime() - deadline > 0) {
                fail(claim, "room " + claim.roomId + " could not be claimed: not every live node (" + others
                        + ") confirmed in time");
            } else {
                try {
                    timer.schedule(() -> startClaim(claim, deadline), RETRY_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    fail(claim, "the node is stopping");
                }
            }
        });
    }

    private void fail(Claim claim, String reason) {
        claims.remove(key(claim.roomId), claim);
        claim.ready.completeExceptionally(new RoomUnavailableException(reason));
    }

    private static String key(String roomId) {
        return roomId.toLowerCase(Locale.ROOT);
    }

    /** One room's claim: ready once sequencing may start; counts appends in flight. */
    private static final class Claim {
        final String roomId;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Void> drained = new CompletableFuture<>();
        int inFlight;
        boolean released;

        Claim(String roomId) {
            this.roomId = roomId;
        }

        synchronized void endOne() {
            inFlight--;
            if (released && inFlight == 0) {
                drained.complete(null);
            }
        }

        synchronized CompletableFuture<Void> released() {
            released = true;
            if (inFlight == 0) {
                drained.complete(null);
            }
            return drained;
        }
    }
}
