package io.pchat.storage.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.FencedWriteException;
import io.pchat.storage.StorageException;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.log.LogReplica;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.Purge;
import io.pchat.storage.log.Purges;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.pool.PoolEpoch;

/**
 * The synchronous mirror of built-in replication.
 *
 * <p>Invariant: while the state is {@link MirrorState#IN_SYNC}, the mirror holds every message
 * the log acknowledged and the metadata as of the last metadata write, and its message log has
 * been checked against the primary's own content (see {@link LogComparison}): never only because
 * a copy finished. Each committed batch is copied to it on the log's writer thread before the
 * batch's futures complete; metadata after each metadata write. When a copy fails the mirror
 * turns {@link MirrorState#BEHIND} (warned once), the rooms it missed are remembered, and the
 * primary goes on alone. A catch-up task retries every {@code retryInterval}: it compares what
 * the mirror holds with the primary (every room at the first attempt, the missed rooms later),
 * fills holes, copies what it lacks while batches go on, then does the last step on the writer
 * thread between two batches (so no batch can commit unseen between "caught up" and "in sync")
 * and turns IN_SYNC again.
 *
 * <p>Copies go only from the primary, and only into a mirror whose own pool record says
 * {@code NORMAL}: a mirror left behind by a failover or a failback is marked {@code RETIRED}
 * there ({@link MirrorState#RETIRED} here) until it is rebuilt from the primary
 * ({@link #rebuild}); one that holds other messages than the primary under the same msgids is
 * {@link MirrorState#DIVERGED} (an error, once) until then. Neither is ever promoted.
 *
 * <p>It starts BEHIND with a full comparison pending: what a restarted node's mirror holds is not
 * known until the first catch-up has compared it.
 */
final class Mirror implements LogReplica, Endpoints.MetadataListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Mirror.class);
    static final String TARGET = "MIRROR";
    /** A retired or diverged mirror is looked at this many retry intervals apart. */
    private static final int IDLE_CHECKS_APART = 5;

    private final Endpoints endpoints;
    private final Database mirror;
    private final PoolEpoch epoch;
    private final Duration retryInterval;
    private final Object lock = new Object();
    private final Set<String> missedRooms = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService catchUp;
    private volatile MirrorState state = MirrorState.BEHIND;
    private volatile boolean fullCompare = true;
    private volatile boolean migrated;
    private volatile MessageLog messageLog;
    private volatile Instant inSyncSince;
    private volatile String lastRefusal = "";
    private int idleChecks;

    Mirror(Endpoints endpoints, Database mirror, PoolEpoch epoch, Duration retryInterval) {
        this.endpoints = endpoints;
        this.mirror = mirror;
        this.epoch = epoch;
        this.retryInterval = retryInterval;
        this.catchUp = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pchat-mirror-catch-up");
            t.setDaemon(true);
            return t;
        });
    }

    void start(MessageLog log) {
        this.messageLog = log;
        catchUp.scheduleWithFixedDelay(this::catchUpQuietly, 0, retryInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    MirrorState state() {
        return state;
    }

    Database database() {
        return mirror;
    }

    // ---- synchronous path ----

    @Override
    public void committed(long writeEpoch, List<StoredMessage> batch) {
        if (state == MirrorState.IN_SYNC) {
            List<LogRow> rows = new ArrayList<>(batch.size());
            for (StoredMessage m : batch) {
                rows.add(new LogRow(m, writeEpoch));
            }
            try {
                LogCopier.apply(mirror, writeEpoch, rows);
                return;
            } catch (FencedWriteException e) {
                throw e; // promoted by another node: the batch must not be acknowledged here
            } catch (StorageException e) {
                fallBehind("a log batch", e);
            }
        }
        if (state != MirrorState.IN_SYNC && state != MirrorState.NONE) {
            // not copied: the catch-up copies these rooms before it turns IN_SYNC (whatever the state is now)
            for (StoredMessage m : batch) {
                missedRooms.add(m.roomId());
            }
        }
    }

    @Override
    public void purged(Purge purge) {
        if (state != MirrorState.IN_SYNC) {
            if (state == MirrorState.BEHIND) {
                log.warn("mirror is behind: purge {} not applied to it", purge);
            }
            return;
        }
        try {
            ReplicaFence.apply(mirror, epoch.current(), c -> Purges.apply(c, purge));
        } catch (StorageException e) {
            fallBehind("a purge", e);
        }
    }

    @Override
    public void metadataChanged() {
        synchronized (lock) {
            if (state != MirrorState.IN_SYNC) {
                return;
            }
            try {
                copyMetadata();
            } catch (StorageException e) {
                fallBehind("a metadata change", e);
            }
        }
    }

    private void fallBehind(String what, StorageException e) {
        synchronized (lock) {
            if (state == MirrorState.IN_SYNC) {
                state = MirrorState.BEHIND;
                log.warn("mirror {} missed {}: now BEHIND, appends are acknowledged on the primary alone until it"
                        + " is caught up ({})", mirror.name(), what, e.getMessage());
                mirror.evictConnections();
            }
        }
    }

    /**
     * Before the log numbers new messages in rooms whose counters it is about to load (a room this
     * node just took over, or any room after the writer changed): what the primary holds above the
     * mirror's last msgid in those rooms (committed there by a node that died before its copy) is
     * copied to the mirror first, so that the mirror never gets a later msgid of a room without
     * the earlier ones. When that fails the mirror is behind, and those rooms are remembered.
     */
    @Override
    public void beforeSequencing(Collection<String> rooms) {
        if (state != MirrorState.IN_SYNC) {
            return;
        }
        Database source = endpoints.writer();
        long copied = 0;
        for (String roomId : rooms) {
            long have;
            try {
                have = mirror.inTransaction(c -> MessageRows.maxMsgid(c, roomId));
            } catch (StorageException e) {
                fallBehind("the tail of room " + roomId, e);
                missedRooms.addAll(rooms);
                return;
            }
            // a failure to read the writer fails the batch (nothing is written): the mirror is not behind for it
            List<LogRow> tail = source.inTransaction(c -> MessageRows.readAfter(c, roomId, have, Integer.MAX_VALUE));
            if (tail.isEmpty()) {
                continue;
            }
            try {
                LogCopier.apply(mirror, epoch.current(), tail);
                copied += tail.size();
            } catch (FencedWriteException e) {
                throw e;
            } catch (StorageException e) {
                fallBehind("the tail of room " + roomId, e);
                missedRooms.addAll(rooms);
                return;
            }
        }
        if (copied > 0) {
            log.warn("mirror {}: {} messages committed on the primary but never copied (their node stopped first)"
                    + " copied before the rooms {} go on", mirror.name(), copied, rooms);
        }
    }

    // ---- catch-up ----

    private void catchUpQuietly() {
        MirrorState now = state;
        if (now == MirrorState.IN_SYNC || now == MirrorState.NONE || messageLog == null) {
            return;
        }
        if ((now == MirrorState.RETIRED || now == MirrorState.DIVERGED) && ++idleChecks % IDLE_CHECKS_APART != 0) {
            return;
        }
        try {
            catchUpOnce();
        } catch (StorageException | CompletionException e) {
            fullCompare = true; // what was being copied is not known to be there: compare everything next time
            log.debug("mirror catch-up failed, retrying in {}: {}", retryInterval, e.getMessage());
        }
    }

    /** One attempt to catch the mirror up and turn it IN_SYNC; throws when the mirror does not answer. */
    void catchUpOnce() {
        Database source = endpoints.writer();
        if (source != endpoints.primary()) {
            return; // the mirror is the primary's: never filled from the backup (or from itself)
        }
        if (!migrated) {
            mirror.migrate();
            migrated = true;
        }
        String mirrorState = mirror.inTransaction(
                c -> Jdbc.one(c, "SELECT state FROM pool_state WHERE id = 1", rs -> rs.getString(1)).orElse(""));
        if (!"NORMAL".equals(mirrorState)) {
            refuse(MirrorState.RETIRED, "mirror " + mirror.name() + " is " + mirrorState + " (left behind by a failover"
                    + " or a failback): it is not copied to and never promoted until it is rebuilt from the primary"
                    + " ('pchat admin pool mirror rebuild')");
            fullCompare = true;
            return;
        }
        long copied = 0;
        Collection<String> rooms;
        if (fullCompare) {
            missedRooms.clear(); // covered by the full comparison
            rooms = LogCopier.rooms(source, mirror);
        } else {
            rooms = drainMissed();
        }
        // everything up to these msgids is checked (and holes filled) below: later rows are copied from there
        Map<String, Long> checkedThrough = mirror.inTransaction(MessageRows::maxPerRoom);
        List<LogComparison.RoomDiff> diffs = LogComparison.compare(source, mirror, rooms, checkedThrough);
        List<LogComparison.RoomDiff> conflicts = diffs.stream().filter(LogComparison.RoomDiff::conflicting).toList();
        if (!conflicts.isEmpty()) {
            missedRooms.addAll(rooms);
            refuse(MirrorState.DIVERGED, "mirror " + mirror.name() + " holds other messages than the primary in "
                    + conflicts.size() + " rooms: " + conflicts + "; it is not in step and never promoted until it is"
                    + " rebuilt from the primary ('pchat admin pool mirror rebuild')");
            return;
        }
        for (LogComparison.RoomDiff hole : diffs) {
            long from = hole.missing().get(0) - 1;
            copied += LogCopier.copyRoom(source, mirror, epoch.current(), hole.roomId(), from, last -> { });
        }
        copied += fullCompare ? LogCopier.copyAll(source, mirror, epoch.current())
                : LogCopier.copyRooms(source, mirror, epoch.current(), rooms);
        fullCompare = false;
        long bulk = copied;
        int holes = diffs.size();
        // The last step runs between two batches: nothing commits while the last missed rooms are
        // copied and the state turns IN_SYNC, so the next batch is copied synchronously again.
        messageLog.betweenBatches(() -> {
            synchronized (lock) {
                if (endpoints.writer() != endpoints.primary() || state == MirrorState.NONE) {
                    return null; // the pool moved meanwhile
                }
                long last = 0;
                for (String roomId : drainMissed()) {
                    // from what was checked, not from the mirror's last msgid: another node's copy may have
                    // landed above a row this node committed meanwhile
                    long have = mirror.inTransaction(c -> MessageRows.maxMsgid(c, roomId));
                    long from = Math.min(have, checkedThrough.getOrDefault(roomId, have));
                    last += LogCopier.copyRoom(source, mirror, epoch.current(), roomId, from, x -> { });
                }
                if (MetadataCopier.version(source) != ShipLedger.shippedVersion(source, TARGET)) {
                    copyMetadata();
                }
                state = MirrorState.IN_SYNC;
                inSyncSince = Instant.now();
                lastRefusal = "";
                log.info("mirror {} checked against the primary ({} rooms{}), caught up ({} messages copied) and IN_SYNC",
                        mirror.name(), rooms.size(), holes > 0 ? ", holes filled in " + holes : "", bulk + last);
            }
            return null;
        }).join();
    }

    /** The mirror may not be used as it is: say why once (per reason), keep looking now and then. */
    private void refuse(MirrorState why, String message) {
        synchronized (lock) {
            if (state == MirrorState.NONE) {
                return;
            }
            state = why;
        }
        if (!message.equals(lastRefusal)) {
            lastRefusal = message;
            if (why == MirrorState.DIVERGED) {
                log.error(message);
            } else {
                log.warn(message);
            }
        }
    }

    private Set<String> drainMissed() {
        Set<String> rooms = new LinkedHashSet<>();
        for (String room : List.copyOf(missedRooms)) {
            missedRooms.remove(room);
            rooms.add(room);
        }
        return rooms;
    }

    private void copyMetadata() {
        Database source = endpoints.writer();
        long version = MetadataCopier.copy(source, mirror, epoch.current());
        ShipLedger.recordShipped(source, TARGET, version, Instant.now());
    }

    /**
     * Rebuilds the mirror from the primary (the writer): marks it {@code RETIRED} so that no node
     * copies into it meanwhile, deletes its message log, copies every message and the metadata,
     * then returns it to {@code NORMAL} at the current epoch. Every node's mirror (this one now,
     * the others at their next look) then checks it and turns IN_SYNC. Returns the messages copied.
     */
    long rebuild(Consumer<String> progress) {
        Database source = endpoints.writer();
        if (source != endpoints.primary()) {
            throw new StorageException("the mirror is rebuilt from the primary, but the pool writes to " + source.name());
        }
        mirror.migrate();
        migrated = true;
        long current = epoch.current();
        mirror.inTransaction(c -> Jdbc.update(c, "UPDATE pool_state SET state = 'RETIRED' WHERE id = 1"));
        synchronized (lock) {
            if (state != MirrorState.NONE) {
                state = MirrorState.RETIRED;
            }
        }
        progress.accept("mirror " + mirror.name() + " marked RETIRED for the rebuild; deleting its messages");
        int deleted = mirror.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM chat_message_gap"); // the primary's gaps and floors are copied below
            Jdbc.update(c, "DELETE FROM chat_message_floor");
            return Jdbc.update(c, "DELETE FROM chat_message");
        });
        progress.accept(deleted + " messages deleted from the mirror; copying the primary's");
        long copied = 0;
        Map<String, Long> rooms = source.inTransaction(MessageRows::maxPerRoom);
        int done = 0;
        for (String roomId : new TreeSet<>(rooms.keySet())) {
            copied += LogCopier.copyRoom(source, mirror, current, roomId, 0, last -> { });
            done++;
            if (done % 100 == 0 || done == rooms.size()) {
                progress.accept(done + " of " + rooms.size() + " rooms copied (" + copied + " messages)");
            }
        }
        GapCopier.copy(source, mirror, current); // skipped msgids stay skipped should the mirror take over
        copyMetadata();
        // epoch 0: a replica again (a node at any epoch may copy into it), and never taken for a promoted mirror
        mirror.inTransaction(c -> Jdbc.update(c, "UPDATE pool_state SET state = 'NORMAL', epoch = 0 WHERE id = 1"));
        synchronized (lock) {
            if (state != MirrorState.NONE) {
                state = MirrorState.BEHIND;
                fullCompare = true;
                idleChecks = 0;
            }
        }
        progress.accept("mirror " + mirror.name() + " rebuilt from the primary at epoch " + current + ": " + copied
                + " messages; every node checks it and turns IN_SYNC within a few seconds");
        log.warn("mirror {} rebuilt from the primary at epoch {}: {} messages copied", mirror.name(), current, copied);
        return copied;
    }

    /** The mirror has become the writer (a takeover): stop copying to it. */
    void retire() {
        synchronized (lock) {
            state = MirrorState.NONE;
        }
        catchUp.shutdown();
    }

    /**
     * The pool left the primary's side (a failover): stop copying to the mirror; it stays
     * {@link MirrorState#RETIRED} until it is rebuilt, whatever the pool does next.
     */
    void standDown() {
        synchronized (lock) {
            if (state != MirrorState.NONE) {
                state = MirrorState.RETIRED;
                fullCompare = true;
            }
        }
    }

    @Override
    public void close() {
        catchUp.shutdownNow();
        try {
            catchUp.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("mirror replication stopped (state {})", state);
    }
}
