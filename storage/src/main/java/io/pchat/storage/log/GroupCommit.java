package io.pchat.storage.log;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.FencedWriteException;
import io.pchat.storage.StorageException;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.SqlTime;
import io.pchat.storage.pool.PoolEpoch;

/**
 * Writes one batch of appends as one fenced transaction, and owns the per-room msgid counters.
 * Used by the {@link MessageLog}'s writer thread only, so it needs no locks.
 *
 * <p>Invariants: a room's counter ({@code lastUsed}) is the last msgid committed for the room
 * (or purged, see {@link Purges}); it is loaded lazily, inside the batch's transaction, from the
 * store. A batch's msgids are computed from the counters when it is built and become the
 * counters only once it committed; when a batch fails, its rooms' counters are dropped, so the
 * next append reloads them from the store: no gap even when the failed commit's outcome is
 * unknown (it may have committed after all: the reload then continues after it). Futures are
 * completed only after the commit (and the replica's copy), in batch order, hence in msgid
 * order per room.
 */
@SuppressWarnings("NonAtomicVolatileUpdate") // the counters have one writer (the writer thread); others only read them
final class GroupCommit {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** An append waiting for its batch. */
    record Pending(NewMessage message, CompletableFuture<StoredMessage> future) {
    }

    private final Endpoints endpoints;
    private final PoolEpoch epoch;
    private final HistoryCache cache;
    private final LogReplica replica;
    private final Clock clock;
    private final Map<String, Long> lastUsed = new HashMap<>();

    private volatile long batches;
    private volatile long messages;
    private volatile long failedBatches;
    private volatile long failedMessages;

    /** Registered by the node before traffic, told in registration order; read by the writer thread. */
    final List<DurableMessages> durable = new CopyOnWriteArrayList<>();

    /** Told each committed batch's transaction time in nanoseconds (metrics); read by the writer thread. */
    volatile LongConsumer commitTimer;

    GroupCommit(Endpoints endpoints, PoolEpoch epoch, HistoryCache cache, LogReplica replica, Clock clock) {
        this.endpoints = endpoints;
        this.epoch = epoch;
        this.cache = cache;
        this.replica = replica;
        this.clock = clock;
    }

    void write(List<Pending> batch) {
        Database db = endpoints.writer();
        long writeEpoch = epoch.current();
        Instant ts = SqlTime.truncate(clock.instant());
        Map<String, Long> before = new LinkedHashMap<>();
        List<StoredMessage> stored = new ArrayList<>(batch.size());
        long began = System.nanoTime();
        try {
            Set<String> loading = new LinkedHashSet<>();
            for (Pending p : batch) {
                if (!lastUsed.containsKey(p.message().roomId())) {
                    loading.add(p.message().roomId());
                }
            }
            if (!loading.isEmpty()) {
                replica.beforeSequencing(loading);
            }
            db.inFencedTransaction(writeEpoch, c -> {
                before.clear();
                stored.clear();
                Map<String, Long> next = new HashMap<>();
                for (Pending p : batch) {
                    NewMessage m = p.message();
                    Long last = next.get(m.roomId());
                    if (last == null) {
                        Long known = lastUsed.get(m.roomId());
                        last = known != null ? known : MessageRows.lastUsedMsgid(c, m.roomId());
                        before.put(m.roomId(), last);
                    }
                    last = last + 1;
                    next.put(m.roomId(), last);
                    stored.add(new StoredMessage(m.roomId(), last, ts, m.author(), m.text(), m.alert(), m.storyTitle()));
                }
                MessageRows.insert(c, writeEpoch, stored);
                return null;
            });
        } catch (RuntimeException e) {
            fail(batch, e);
            return;
        }
        LongConsumer timer = commitTimer;
        if (timer != null) {
            timer.accept(System.nanoTime() - began);
        }
        Map<String, List<StoredMessage>> byRoom = new LinkedHashMap<>();
        for (StoredMessage m : stored) {
            byRoom.computeIfAbsent(m.roomId(), r -> new ArrayList<>()).add(m);
        }
        try {
            replica.committed(writeEpoch, stored);
        } catch (FencedWriteException e) {
            // The mirror was promoted by another node: this endpoint is no longer the pool's. What just
            // committed here is not acknowledged (the clients resend, and find the pool on the mirror).
            log.warn("mirror refused a copy under epoch {}: it was promoted; batch not acknowledged", writeEpoch);
            fail(batch, e);
            return;
        } catch (RuntimeException e) {
            log.error("log replica failed on a committed batch; continuing on the primary alone", e);
        }
        for (Map.Entry<String, List<StoredMessage>> room : byRoom.entrySet()) {
            List<StoredMessage> added = room.getValue();
            lastUsed.put(room.getKey(), added.get(added.size() - 1).msgid());
            cache.committed(room.getKey(), before.get(room.getKey()), added);
        }
        batches++;
        messages += stored.size();
        for (DurableMessages listener : durable) {
            try {
                listener.durable(stored);
            } catch (RuntimeException e) {
                log.error("a durable-message listener failed on a committed batch; the others are still told", e);
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).future().complete(stored.get(i));
        }
    }

    private void fail(List<Pending> batch, RuntimeException e) {
        for (Pending p : batch) {
            forget(p.message().roomId());
        }
        StorageException failure = e instanceof StorageException se ? se
                : new StorageException("log batch failed: " + e, e);
        failedBatches++;
        failedMessages += batch.size();
        log.warn("log batch of {} appends failed, none stored: {}", batch.size(), failure.getMessage());
        for (Pending p : batch) {
            p.future().completeExceptionally(failure);
        }
    }

    /** Drops a room's counter and cached tail: the next append reloads them from the store. */
    void forget(String roomId) {
        lastUsed.remove(roomId);
        cache.forget(roomId);
    }

    void forgetAll() {
        lastUsed.clear();
        cache.forgetAll();
    }

    /** Applies a purge on the writing endpoint, fenced; the purged rooms' tails are dropped. */
    int purge(Purge purge) {
        int deleted = endpoints.writer().inFencedTransaction(epoch.current(), c -> Purges.apply(c, purge));
        if (purge instanceof Purge.Room room) {
            cache.forget(room.roomId());
        } else {
            cache.forgetAll();
        }
        // Counters stay: the floor written by the purge keeps them valid after a reload as well.
        try {
            replica.purged(purge);
        } catch (RuntimeException e) {
            log.error("log replica failed on a purge", e);
        }
        log.info("purge {}: {} messages deleted", purge, deleted);
        return deleted;
    }

    LogStats stats(long refused, int queued) {
        return new LogStats(batches, messages, failedBatches, failedMessages, refused, queued);
    }
}
