package io.pchat.storage.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.StorageException;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.log.LogReplica;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.log.Purge;
import io.pchat.storage.log.Purges;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.pool.PoolEpoch;

/**
 * The synchronous mirror of built-in replication.
 *
 * <p>Invariant: while the state is {@link MirrorState#IN_SYNC}, the mirror holds every message
 * the log acknowledged and the metadata as of the last metadata write. Each committed batch is
 * copied to it on the log's writer thread before the batch's futures complete; metadata after
 * each metadata write. When a copy fails the mirror turns {@link MirrorState#BEHIND} (warned
 * once), the rooms it missed are remembered, and the primary goes on alone. A catch-up task
 * retries every {@code retryInterval}: it copies what the mirror lacks while batches go on, then
 * does the last step on the writer thread between two batches (so no batch can commit unseen
 * between "caught up" and "in sync") and turns IN_SYNC again.
 *
 * <p>It starts BEHIND with a full comparison pending: what a restarted node's mirror holds is not
 * known until the first catch-up has compared it.
 */
final class Mirror implements LogReplica, Endpoints.MetadataListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Mirror.class);
    static final String TARGET = "MIRROR";

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
            } catch (io.pchat.storage.FencedWriteException e) {
                throw e; // promoted by another node: the batch must not be acknowledged here
            } catch (StorageException e) {
                fallBehind("a log batch", e);
            }
        }
        if (state == MirrorState.BEHIND) {
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

    // ---- catch-up ----

    private void catchUpQuietly() {
        if (state != MirrorState.BEHIND || messageLog == null) {
            return;
        }
        try {
            catchUpOnce();
        } catch (StorageException | java.util.concurrent.CompletionException e) {
            fullCompare = true; // what was being copied is not known to be there: compare everything next time
            log.debug("mirror catch-up failed, retrying in {}: {}", retryInterval, e.getMessage());
        }
    }

    /** One attempt to catch the mirror up and turn it IN_SYNC; throws when the mirror does not answer. */
    void catchUpOnce() {
        Database source = endpoints.writer();
        if (source == mirror) {
            return;
        }
        if (!migrated) {
            mirror.migrate();
            migrated = true;
        }
        long copied = 0;
        if (fullCompare) {
            missedRooms.clear(); // covered by the full comparison
            copied += LogCopier.copyAll(source, mirror, epoch.current());
            fullCompare = false;
        }
        copied += LogCopier.copyRooms(source, mirror, epoch.current(), drainMissed());
        long bulk = copied;
        // The last step runs between two batches: nothing commits while the last missed rooms are
        // copied and the state turns IN_SYNC, so the next batch is copied synchronously again.
        messageLog.betweenBatches(() -> {
            synchronized (lock) {
                long last = LogCopier.copyRooms(source, mirror, epoch.current(), drainMissed());
                if (MetadataCopier.version(source) != ShipLedger.shippedVersion(source, TARGET)) {
                    copyMetadata();
                }
                state = MirrorState.IN_SYNC;
                inSyncSince = Instant.now();
                log.info("mirror {} caught up ({} messages copied) and IN_SYNC", mirror.name(), bulk + last);
            }
            return null;
        }).join();
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

    /** The mirror is gone or has become the writer: stop copying to it. */
    void retire() {
        synchronized (lock) {
            state = MirrorState.NONE;
        }
        catchUp.shutdown();
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
