package io.pchat.storage.replication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.StorageException;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.Purge;
import io.pchat.storage.log.Purges;
import io.pchat.storage.pool.PoolEpoch;

/**
 * The asynchronous backup of built-in replication: every ship interval (at a fixed rate, so the
 * recovery point never ages beyond one interval plus one pass) it copies to the backup what it
 * does not have yet: per room the messages above the last shipped position (kept in
 * {@code replication_position} on the writing endpoint, written after the backup committed), and
 * the metadata tables whole when {@code pool_state.metadata_version} moved since the last copy.
 * A room without a position (first run, or a promoted mirror that never shipped) starts from what
 * the backup already holds. Re-shipping a range changes nothing.
 *
 * <p>One pass runs at a time ({@link #shipOnce} is synchronized). Several nodes may ship to the
 * same backup; the copies are idempotent.
 */
final class Shipper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Shipper.class);
    static final String TARGET = "BACKUP";

    private final Endpoints endpoints;
    private final Database backup;
    private final PoolEpoch epoch;
    private final Duration interval;
    private final Clock clock;
    private final Instant started;
    private final ScheduledExecutorService thread;
    private final Object passLock = new Object();
    private final Queue<Purge> purges = new ConcurrentLinkedQueue<>();
    private ScheduledFuture<?> schedule;
    private volatile boolean migrated;
    private volatile Instant shippedAsOf;
    private volatile Duration lastPass = Duration.ZERO;
    private volatile String lastError;
    private volatile boolean warned;

    Shipper(Endpoints endpoints, Database backup, PoolEpoch epoch, Duration interval, Clock clock) {
        this.endpoints = endpoints;
        this.backup = backup;
        this.epoch = epoch;
        this.interval = interval;
        this.clock = clock;
        this.started = clock.instant();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pchat-backup-shipper");
            t.setDaemon(true);
            return t;
        });
    }

    Database database() {
        return backup;
    }

    /** A purge committed on the writer: applied to the backup at the next pass (kept in memory only). */
    void purged(Purge purge) {
        purges.add(purge);
    }

    /** Starts (or restarts after {@link #pause}) shipping every interval. */
    synchronized void start() {
        if (schedule == null) {
            schedule = thread.scheduleAtFixedRate(this::shipQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops shipping; returns once no pass is running. */
    void pause() {
        stopScheduling();
        synchronized (passLock) {
            log.info("backup shipping paused");
        }
    }

    /**
     * Stops shipping without waiting for a pass in progress (a failover: the pass may be waiting on
     * a database that is gone, and the backup's fence refuses its copies once the backup is
     * promoted).
     */
    void stopScheduling() {
        synchronized (this) {
            if (schedule != null) {
                schedule.cancel(false);
                schedule = null;
            }
        }
    }

    private void shipQuietly() {
        try {
            shipOnce();
        } catch (StorageException e) {
            lastError = e.getMessage();
            if (!warned) {
                warned = true;
                log.warn("backup {} cannot be shipped to; retrying every {}: {}", backup.name(), interval,
                        e.getMessage());
            }
        }
    }

    /** One pass: ships everything the backup lacks; returns the number of messages shipped. */
    long shipOnce() {
        synchronized (passLock) {
            Database source = endpoints.writer();
            if (source == backup) {
                return 0; // failed over: the backup is the writer
            }
            Instant passStart = clock.instant();
            if (!migrated) {
                backup.migrate();
                migrated = true;
            }
            for (Purge purge; (purge = purges.peek()) != null; purges.remove()) {
                Purge p = purge;
                ReplicaFence.apply(backup, epoch.current(), c -> Purges.apply(c, p));
            }
            long shipped = 0;
            Map<String, Long> positions = ShipLedger.positions(source, TARGET);
            Map<String, Long> maxima = source.inTransaction(MessageRows::maxPerRoom);
            for (Map.Entry<String, Long> room : maxima.entrySet()) {
                String roomId = room.getKey();
                Long position = positions.get(roomId);
                long from = position != null ? position : backup.inTransaction(c -> MessageRows.maxMsgid(c, roomId));
                if (room.getValue() > from) {
                    shipped += LogCopier.copyRoom(source, backup, epoch.current(), roomId, from,
                            last -> ShipLedger.savePosition(source, TARGET, roomId, last));
                } else if (position == null) {
                    ShipLedger.savePosition(source, TARGET, roomId, from);
                }
            }
            long version = MetadataCopier.version(source);
            long shippedVersion = ShipLedger.shippedVersion(source, TARGET);
            if (version != shippedVersion) {
                version = MetadataCopier.copy(source, backup, epoch.current());
            }
            ShipLedger.recordShipped(source, TARGET, version, passStart);
            shippedAsOf = passStart;
            lastPass = Duration.between(passStart, clock.instant());
            if (lastError != null || warned) {
                log.info("backup {} shipped to again", backup.name());
            }
            lastError = null;
            warned = false;
            if (shipped > 0) {
                log.debug("shipped {} messages to the backup in {}", shipped, lastPass);
            }
            return shipped;
        }
    }

    /** The backup's lag; counts unshipped messages on the writing endpoint (-1 if it does not answer). */
    BackupStatus status() {
        long unshipped;
        try {
            Database source = endpoints.writer();
            Map<String, Long> positions = ShipLedger.positions(source, TARGET);
            Map<String, Long> maxima = source.inTransaction(MessageRows::maxPerRoom);
            unshipped = 0;
            for (Map.Entry<String, Long> room : maxima.entrySet()) {
                unshipped += Math.max(0, room.getValue() - positions.getOrDefault(room.getKey(), 0L));
            }
        } catch (StorageException e) {
            unshipped = -1;
        }
        Instant asOf = shippedAsOf;
        return new BackupStatus(unshipped, asOf, lag(), lastPass, lastError);
    }

    /** Now minus the instant as of which everything is on the backup. */
    Duration lag() {
        Instant asOf = shippedAsOf;
        return Duration.between(asOf != null ? asOf : started, clock.instant());
    }

    Duration interval() {
        return interval;
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("backup shipping stopped (shipped as of {})", shippedAsOf);
    }
}
