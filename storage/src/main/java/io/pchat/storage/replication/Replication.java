package io.pchat.storage.replication;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.lifecycle.AbstractLifeCycle;
import io.pchat.storage.StorageException;
import io.pchat.storage.config.ReplicationMode;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.Dialect;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.log.LogReplica;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.Purge;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.pool.PoolEpoch;

/**
 * Replication of one node's store, as configured ({@code storage.replication}):
 * <ul>
 * <li>{@code external}: nothing is copied; the database replicates. The store reports
 * unavailable while an endpoint is down (Hikari reconnects when it returns), and
 * {@link #followStandby} moves the writes once the operator or the driver promoted a standby.</li>
 * <li>{@code builtin}: the {@link Mirror} (synchronous, before acknowledgement) and the
 * {@link Shipper} (asynchronous, every ship interval) copy the log and the metadata; promotions
 * and failback are here.</li>
 * </ul>
 *
 * <p>Lifecycle: {@link #create} (starts nothing) before the log, since the log needs {@link
 * #logReplica()}; then {@link #attach} the log, then {@link #start()} (the mirror's catch-up and the
 * backup's shipping) once the log runs; {@link #stop()} before the log stops. Not restartable: a
 * stopped replication's threads are gone (make a new one).
 */
public final class Replication extends AbstractLifeCycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replication.class);
    private static final Duration MAX_MIRROR_RETRY = Duration.ofSeconds(1);
    /** How long a PostgreSQL standby may take to catch up before a failback or a mirror check gives up. */
    private static final Duration STANDBY_CATCH_UP = Duration.ofSeconds(60);
    /** How long writes may stay paused for the last of a failback's catch-up. */
    private static final Duration FAILBACK_SWITCH_CATCH_UP = Duration.ofSeconds(10);

    private final Endpoints endpoints;
    private final PoolEpoch epoch;
    private final ReplicationMode mode;
    private final Mirror mirror;
    private final Shipper shipper;
    private volatile MessageLog messageLog;
    private volatile Promotions promotions;

    private final LogReplica replica = new LogReplica() {
        @Override
        public void committed(long writeEpoch, List<StoredMessage> batch) {
            if (mirror != null) {
                mirror.committed(writeEpoch, batch);
            }
        }

        @Override
        public void beforeSequencing(Collection<String> rooms) {
            if (mirror != null) {
                mirror.beforeSequencing(rooms);
            }
        }

        @Override
        public void purged(Purge purge) {
            if (mirror != null) {
                mirror.purged(purge);
            }
            if (shipper != null) {
                shipper.purged(purge);
            }
        }
    };

    private Replication(Endpoints endpoints, PoolEpoch epoch, Clock clock) {
        this.endpoints = endpoints;
        this.epoch = epoch;
        StorageConfig config = endpoints.config();
        this.mode = config.replication();
        boolean builtin = mode == ReplicationMode.BUILTIN;
        Duration retry = config.shipInterval().compareTo(MAX_MIRROR_RETRY) < 0 ? config.shipInterval() : MAX_MIRROR_RETRY;
        this.mirror = builtin ? endpoints.mirror().map(m -> new Mirror(endpoints, m, epoch, retry)).orElse(null) : null;
        this.shipper = builtin ? endpoints.backup()
                .map(b -> new Shipper(endpoints, b, epoch, config.shipInterval(), clock)).orElse(null) : null;
    }

    public static Replication create(Endpoints endpoints, PoolEpoch epoch) {
        return new Replication(endpoints, epoch, Clock.systemUTC());
    }

    /** What the log copies each committed batch to: give it to the {@link MessageLog} when making it. */
    public LogReplica logReplica() {
        return replica;
    }

    /** The log this replication copies from and whose counters a promotion reloads; before {@link #start()}. */
    public void attach(MessageLog log) {
        this.messageLog = log;
        this.promotions = new Promotions(endpoints, epoch, log);
    }

    @Override
    public String name() {
        return "replication";
    }

    /** Starts the mirror's catch-up and the backup's shipping; the log must be {@link #attach attached}. */
    @Override
    protected void doStart() {
        MessageLog log = messageLog;
        if (log == null) {
            throw new IllegalStateException("replication started before a message log was attached");
        }
        boolean onBackup = endpoints.backup().filter(b -> b == endpoints.writer()).isPresent();
        boolean onMirror = endpoints.mirror().filter(m -> m == endpoints.writer()).isPresent();
        if (mirror != null && onMirror) {
            mirror.retire(); // started after a takeover: the mirror is the writer
        } else if (mirror != null) {
            endpoints.addMetadataListener(mirror);
            if (onBackup) {
                mirror.standDown(); // started on the backup after a failover: the mirror is the old side's
            }
            mirror.start(log);
        }
        if (shipper != null && !onBackup) {
            shipper.start();
        }
        Replication.log.info("replication {} started: mirror {}, backup {}", mode.name().toLowerCase(Locale.ROOT),
                mirror != null ? mirror.database().name() : "none", shipper != null ? shipper.database().name() : "none");
    }

    public ReplicationMode mode() {
        return mode;
    }

    public MirrorState mirrorState() {
        return mirror == null ? MirrorState.NONE : mirror.state();
    }

    /** The backup's lag (runs two small queries on the writer), when shipping to one. */
    public Optional<BackupStatus> backupStatus() {
        return shipper == null ? Optional.empty() : Optional.of(shipper.status());
    }

    /** Time since the instant as of which everything is on the backup (no database work). */
    public Optional<Duration> backupLag() {
        return shipper == null ? Optional.empty() : Optional.of(shipper.lag());
    }

    public ReplicationStatus status() {
        return new ReplicationStatus(mode, endpoints.writer().name(), mirrorState(), backupStatus());
    }

    /** Ships to the backup now (one pass); returns the messages shipped. */
    public long shipNow() {
        return requireShipper().shipOnce();
    }

    /**
     * Mirror takeover (the primary's server is lost, the data center is not): the mirror becomes
     * the writer at a new epoch. Every acknowledged message is on it, since it was in sync;
     * refused when it is not. Returns the new epoch.
     */
    public long promoteMirror() {
        requireBuiltin();
        if (mirror == null) {
            throw new StorageException("no mirror is configured");
        }
        return onWriter(() -> promotions.promoteMirror(mirror));
    }

    /**
     * Failover to the backup (the data center is lost): the old primary is fenced if it still
     * answers, the backup becomes the writer at a new epoch, and the report says what was lost.
     */
    public FailoverReport promoteBackup() {
        if (mode == ReplicationMode.EXTERNAL) {
            if (!promotesStandby(EndpointRole.BACKUP)) {
                throw new StorageException("with external replication the backup's engine is promoted by the operator"
                        + " (or pchat, for a PostgreSQL standby with storage.promoteStandby); then the pool follows it");
            }
            Database backup = database(EndpointRole.BACKUP);
            return onWriter(() -> promotions.promoteBackup(backup, null, true));
        }
        Shipper s = requireShipper();
        s.stopScheduling(); // a pass in progress is fenced off by the promotion: not waited for
        try {
            return onWriter(() -> promotions.promoteBackup(s.database(), mirror, false));
        } catch (RuntimeException e) {
            if (endpoints.writer() != s.database()) {
                s.start(); // not failed over: keep shipping
            }
            throw e;
        }
    }

    /**
     * Failback: copies what the backup gathered since the failover to the primary, makes the
     * primary the writer again at a new epoch, and checks that both hold the same msgids.
     */
    public FailbackReport failback() {
        if (mode == ReplicationMode.EXTERNAL) {
            return failbackToStandby();
        }
        Shipper s = requireShipper();
        Database primary = endpoints.primary();
        Database backup = s.database();
        if (endpoints.writer() != backup) {
            throw new StorageException("not failed over: the writer is " + endpoints.writer().name());
        }
        Promotions.Reconciled reconciled = promotions.reconcile(primary, backup);
        List<RoomLoss> discarded = reconciled.discarded();
        long shipped = reconciled.filled() + LogCopier.copyAll(backup, primary, epoch.current());
        MetadataCopier.copy(backup, primary, epoch.current());
        // The mirror was left behind by the failover: read what only it holds (for the report), then it stays out.
        String mirrorNote = "none configured";
        List<RoomLoss> onMirror = List.of();
        Optional<Database> configuredMirror = endpoints.mirror();
        if (configuredMirror.isPresent()) {
            configuredMirror.get().evictConnections(); // connections made before its outage are dead
            configuredMirror.get().isReachable(); // and a suspicion from then is checked again now
            try {
                onMirror = promotions.onlyOn(configuredMirror.get(), backup);
                mirrorNote = "retired: rebuild it from the primary ('pchat admin pool mirror rebuild') before it can"
                        + " take over again";
            } catch (StorageException e) {
                mirrorNote = "not readable (" + e.getMessage() + "): what it holds is unknown; it stays retired until"
                        + " rebuilt from the primary ('pchat admin pool mirror rebuild')";
            }
        }
        long next = onWriter(() -> promotions.returnToPrimary(primary, backup));
        configuredMirror.ifPresent(m -> Epochs.tryRaise(m, next, Epochs.RETIRED));
        // The backup is retired now: nothing more commits there, so its last msgids bound the comparison.
        Map<String, Long> through = backup.inTransaction(MessageRows::maxPerRoom);
        List<FailbackReport.RoomDifference> differences = Promotions.compare(primary, backup, through);
        s.start();
        FailbackReport report = new FailbackReport(next, shipped, discarded, differences, mirrorNote, onMirror);
        log.warn("failback done: {} messages shipped back, discarded {}, differences {}; mirror {}{}", shipped, discarded,
                differences, mirrorNote, onMirror.isEmpty() ? "" : ", holding messages the pool lost: " + onMirror);
        return report;
    }

    /**
     * Failback with external replication on PostgreSQL: the primary was rebuilt as a standby of the
     * backup (by the operator: a base backup of the backup, {@code standby.signal}, a
     * {@code primary_conninfo} naming the backup). It must stream from the backup and be nearly
     * caught up; then writes pause for the switch ({@link Promotions#switchBackToStandby}), and
     * both sides are compared. Nothing is shipped: the engine streamed it.
     */
    private FailbackReport failbackToStandby() {
        Database primary = endpoints.primary();
        Database backup = database(EndpointRole.BACKUP);
        if (!promotesStandby(EndpointRole.PRIMARY)) {
            throw new StorageException("with external replication on an engine other than PostgreSQL (or with"
                    + " storage.promoteStandby off) the database fails back (the operator or the driver); the pool follows");
        }
        if (endpoints.writer() != backup) {
            throw new StorageException("not failed over: the writer is " + endpoints.writer().name());
        }
        Standbys.Streaming before = Standbys.streamingFrom(primary, backup);
        log.warn("failback: {} streams from {} ({}); catching up before the switch", primary.name(), backup.name(), before);
        Standbys.awaitReplayed(primary, backup, STANDBY_CATCH_UP); // most of the way, while writes go on
        long next = onWriter(() -> promotions.switchBackToStandby(primary, backup, FAILBACK_SWITCH_CATCH_UP));
        Map<String, Long> through = backup.inTransaction(MessageRows::maxPerRoom); // retired: nothing more commits there
        List<FailbackReport.RoomDifference> differences = Promotions.compare(primary, backup, through);
        String mirrorNote = endpoints.mirror().map(m -> "make " + m.name() + " a synchronous standby of " + primary.name()
                + " (if it is not already), then 'pchat admin pool mirror rebuild' checks it; and make " + backup.name()
                + " a standby of " + primary.name() + " again").orElse("none configured");
        FailbackReport report = new FailbackReport(next, 0, List.of(), differences, mirrorNote, List.of());
        log.warn("failback done: {} writes at epoch {}, differences {}; {}", primary.name(), next, differences, mirrorNote);
        return report;
    }

    /**
     * Built-in replication: rebuilds the mirror from the primary (after a failover and failback, or
     * when it diverged): see {@link Mirror#rebuild}. External replication on PostgreSQL: the
     * operator rebuilt the standby; this checks that it streams from the writer synchronously and
     * has caught up, so that the next loss of the primary promotes it. Returns the messages copied;
     * {@code progress} gets a line per step.
     */
    public long rebuildMirror(Consumer<String> progress) {
        if (mode == ReplicationMode.EXTERNAL && promotesStandby(EndpointRole.MIRROR)) {
            Database m = database(EndpointRole.MIRROR);
            Database writer = endpoints.writer();
            if (m == writer) {
                throw new StorageException(m.name() + " takes the writes (a takeover): make " + endpoints.primary().name()
                        + " its synchronous standby, or configure a new mirror");
            }
            Standbys.Streaming streaming = Standbys.streamingFrom(m, writer);
            progress.accept(m.name() + " streams from " + writer.name() + ": " + streaming);
            if (!streaming.synchronous()) {
                throw new StorageException(m.name() + " streams from " + writer.name() + " asynchronously (" + streaming
                        + "): a takeover could lose acknowledged messages; name it in " + writer.name()
                        + "'s synchronous_standby_names");
            }
            Standbys.awaitReplayed(m, writer, STANDBY_CATCH_UP);
            progress.accept(m.name() + " has replayed everything " + writer.name() + " wrote: a mirror takeover is armed");
            return 0;
        }
        requireBuiltin();
        if (mirror == null) {
            throw new StorageException("no mirror is configured");
        }
        if (mirror.state() == MirrorState.NONE) {
            throw new StorageException("the mirror has become the writer (a takeover): configure a new mirror instead");
        }
        return mirror.rebuild(progress);
    }

    /**
     * Whether the pool promotes the mirror itself when the primary is lost: external replication,
     * {@code storage.promoteStandby} on, and a PostgreSQL mirror (its synchronous standby).
     */
    public boolean promotesStandby() {
        return promotesStandby(EndpointRole.MIRROR);
    }

    /** As {@link #promotesStandby()}, for {@code role} (the backup: at a failover; the primary: at a failback). */
    public boolean promotesStandby(EndpointRole role) {
        Optional<Database> standby = switch (role) {
            case PRIMARY -> Optional.of(endpoints.primary()); // at a failback
            case MIRROR -> endpoints.mirror();
            case BACKUP -> endpoints.backup();
        };
        return mode == ReplicationMode.EXTERNAL && endpoints.config().promoteStandby()
                && standby.filter(d -> d.dialect() == Dialect.POSTGRESQL).isPresent();
    }

    /**
     * External replication on PostgreSQL: promotes the standby {@code role} itself ({@code
     * pg_promote()}, waiting until it takes writes), raises the pool's epoch on it, fences the old
     * writer when it still answers (retired at the new epoch: no node writes there again), and
     * follows it. Safe for the mirror only when it is the primary's synchronous standby (its
     * {@code synchronous_standby_names}, with {@code synchronous_commit} on): then every commit
     * the primary acknowledged is on it. Returns the new epoch. Refused for other engines (SQL
     * Server's mirroring fails over by itself, with the driver's {@code failoverPartner}).
     */
    public long promoteStandby(EndpointRole role) {
        if (mode != ReplicationMode.EXTERNAL) {
            throw new StorageException("promoting a standby is for external replication; built-in replication promotes"
                    + " with promoteMirror or promoteBackup");
        }
        Database target = database(role);
        if (target.dialect() != Dialect.POSTGRESQL) {
            throw new StorageException(target.name() + " is not PostgreSQL: its engine promotes it (SQL Server: the"
                    + " mirroring partner or the availability group), and pchat follows");
        }
        return onWriter(() -> promotions.promoteStandby(target));
    }

    /**
     * External replication: the operator (or the driver) promoted a standby; writes follow it.
     * Same as {@link #follow}.
     */
    public void followStandby(EndpointRole role) {
        follow(role);
    }

    /**
     * The pool's writes moved to the endpoint {@code role} without this node doing it: another
     * node of the pool took over the mirror, failed over or failed back (builtin), or the
     * operator or the driver promoted a standby (external). Pooled connections are dropped, the
     * epoch is taken from the new writer, and the log reloads its counters from it (an
     * asynchronous standby may lack the last messages: no gap follows). Built-in replication
     * stops copying to an endpoint that has become the writer (the mirror is retired, shipping
     * pauses while the backup writes) and ships again once the primary writes.
     */
    public void follow(EndpointRole role) {
        Database target = database(role);
        onWriter(() -> {
            if (endpoints.writer() == target) {
                return null;
            }
            if (mirror != null && role == EndpointRole.MIRROR) {
                mirror.retire();
            } else if (mirror != null && role == EndpointRole.BACKUP) {
                mirror.standDown();
            }
            if (shipper != null) {
                if (role == EndpointRole.BACKUP) {
                    shipper.stopScheduling(); // the backup writes: its fence refuses a pass still running
                } else {
                    shipper.start();
                }
            }
            endpoints.switchWriter(target);
            target.evictConnections();
            OptionalLong seen = Epochs.tryRead(target);
            seen.ifPresent(epoch::advanceTo);
            messageLog.forgetAllRooms().join();
            log.warn("following the pool: {} is the writer now{}", target.name(),
                    seen.isPresent() ? " at epoch " + seen.getAsLong() : "");
            return null;
        });
    }

    /**
     * The recovery point a failover to the backup would have now (read only: nothing is fenced
     * or promoted): per room, what the writer holds that the backup does not. When an endpoint
     * does not answer, it says so instead. Refused when there is no backup or it already writes.
     */
    public RecoveryPoint recoveryPoint() {
        Database backup = database(EndpointRole.BACKUP);
        Database writer = endpoints.writer();
        if (writer == backup) {
            throw new StorageException("the backup (" + backup.name() + ") already takes the writes: the pool is failed over");
        }
        try {
            List<RoomLoss> unshipped = mode == ReplicationMode.EXTERNAL ? Promotions.beyondBackup(writer, backup)
                    : Promotions.unshipped(writer, backup);
            return new RecoveryPoint(true, writer.name(), backup.name(), unshipped, null);
        } catch (StorageException e) {
            return new RecoveryPoint(false, writer.name(), backup.name(), List.of(), e.getMessage());
        }
    }

    /** The configured endpoint of {@code role}. */
    public Database database(EndpointRole role) {
        return switch (role) {
            case PRIMARY -> endpoints.primary();
            case MIRROR -> endpoints.mirror().orElseThrow(() -> new StorageException("no mirror is configured"));
            case BACKUP -> endpoints.backup().orElseThrow(() -> new StorageException("no backup is configured"));
        };
    }

    /** The role of the endpoint that takes this node's writes now. */
    public EndpointRole writerRole() {
        Database writer = endpoints.writer();
        if (writer == endpoints.primary()) {
            return EndpointRole.PRIMARY;
        }
        return endpoints.mirror().filter(m -> m == writer).isPresent() ? EndpointRole.MIRROR : EndpointRole.BACKUP;
    }

    /** Stops catch-up and shipping (a pass in progress finishes first). */
    @Override
    public void close() {
        stopUnchecked();
    }

    @Override
    protected void doStop() {
        if (shipper != null) {
            shipper.close();
        }
        if (mirror != null) {
            mirror.close();
        }
    }

    private <T> T onWriter(Callable<T> work) {
        if (messageLog == null) {
            throw new IllegalStateException("replication not started");
        }
        CompletableFuture<T> future = messageLog.betweenBatches(work);
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void requireBuiltin() {
        if (mode != ReplicationMode.BUILTIN) {
            throw new StorageException("promotions are the database's in external replication: use followStandby");
        }
    }

    private Shipper requireShipper() {
        requireBuiltin();
        if (shipper == null) {
            throw new StorageException("no backup is configured");
        }
        return shipper;
    }
}
