package io.pchat.storage.db;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.StorageUnavailableException;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.ReplicationMode;
import io.pchat.storage.config.StorageConfig;

/**
 * The database endpoints of one node: the primary (required), the mirror and the backup
 * (optional), each a {@link Database}. Knows which endpoint currently takes writes; promotions
 * change that. The primary must be reachable at open; a mirror or backup that is down is opened
 * anyway (its schema is migrated when replication first reaches it).
 *
 * <p>Metadata writes (everything but the message log) go through {@link #writeMetadata}, which
 * fences them with the pool epoch and then tells the {@link MetadataListener}s, so built-in
 * replication can copy them on.
 */
public final class Endpoints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Endpoints.class);

    /** Told after a metadata change committed on the writing endpoint. */
    @FunctionalInterface
    public interface MetadataListener {
        void metadataChanged();
    }

    private final StorageConfig config;
    private final Database primary;
    private final Database mirror;
    private final Database backup;
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private final List<H2FileCompaction> compactions = new ArrayList<>();
    private volatile Database writer;

    private Endpoints(StorageConfig config, Database primary, Database mirror, Database backup) {
        this.config = config;
        this.primary = primary;
        this.mirror = mirror;
        this.backup = backup;
        this.writer = primary;
    }

    /**
     * Opens every configured endpoint and migrates the writer's schema (and the others' where
     * they answer). The writer is the primary, unless built-in replication's pool records say the
     * pool moved (see {@link #pickWriter}): a mirror takeover or a failover, so that nodes can be
     * restarted during a disaster. Fails with {@link StorageUnavailableException}, naming the
     * endpoints, when none can take the writes.
     */
    public static Endpoints open(StorageConfig config) {
        List<Database> opened = new ArrayList<>();
        // an embedded H2 file another process holds fails here at once; this process's hold is kept
        // until the pool has its own connections, so that the file is opened once, not twice
        Optional<Connection> held = H2FileInUse.holdOrRefuse("primary", config.primary().url(), config.primary());
        try {
            EndpointConfig primaryConfig = config.primary();
            String primaryUrl = primaryConfig.url();
            if (config.replication() == ReplicationMode.EXTERNAL && config.mirror().isPresent()
                    && Dialect.fromJdbcUrl(primaryUrl).orElseThrow() == Dialect.SQLSERVER) {
                primaryUrl = SqlServerUrls.primaryWithMirror(primaryUrl, config.mirror().get().url());
            }
            Database primary = Database.open("primary", primaryConfig, primaryUrl, config.connectionTimeout());
            opened.add(primary);
            Database mirror = config.mirror().map(m -> Database.open("mirror", m, config)).orElse(null);
            if (mirror != null) {
                opened.add(mirror);
            }
            Database backup = config.backup().map(b -> Database.open("backup", b, config)).orElse(null);
            if (backup != null) {
                opened.add(backup);
            }
            if (config.replication() == ReplicationMode.BUILTIN && (mirror != null || backup != null)) {
                Database writer = pickWriter(config, primary, mirror, backup);
                if (writer != primary) {
                    writer.migrate();
                    Endpoints moved = new Endpoints(config, primary, mirror, backup);
                    moved.writer = writer;
                    moved.compactLocalFiles();
                    log.warn("storage endpoints open: the pool writes to {} (its pool record is the newest that"
                            + " answers): writing there", writer);
                    return moved;
                }
            } else if (!primary.isReachable()) {
                throw new StorageUnavailableException("primary database " + primary.endpoint()
                        + " cannot be reached within " + config.probeTimeout(), null);
            }
            primary.migrate();
            for (Database other : new Database[] {mirror, backup}) {
                if (other == null) {
                    continue;
                }
                if (config.replication() == ReplicationMode.EXTERNAL) {
                    continue; // the database replicates: standbys are read-only copies
                }
                if (other.isReachable()) {
                    other.migrate();
                } else {
                    log.warn("{} database {} is not reachable; it will be caught up when it is", other.name(),
                            other.endpoint());
                }
            }
            log.info("storage endpoints open: writing to {}", primary);
            Endpoints endpoints = new Endpoints(config, primary, mirror, backup);
            endpoints.compactLocalFiles();
            return endpoints;
        } catch (RuntimeException e) {
            opened.forEach(Database::close);
            throw e;
        } finally {
            held.ifPresent(H2FileInUse::release);
        }
    }

    /** One endpoint's pool record as read at start, or why it was not. */
    private record Seen(Database db, String role, boolean reachable, String state, long epoch) {
        @Override
        public String toString() {
            return role + " " + db.endpoint() + ": " + (reachable ? state + " at epoch " + epoch : "does not answer");
        }
    }

    /**
     * Where the pool writes, as the endpoints that answer say (built-in replication): the highest
     * epoch among the primary when it is not retired, the mirror when it was promoted (NORMAL at
     * an epoch of 2 or more: a mirror that was never promoted keeps epoch 1, and a rebuilt one 0),
     * and the backup when it is FAILED_OVER; the primary on a tie. A node restarted after a mirror
     * takeover or a failover starts on the new writer, and one whose primary came back stale
     * never writes there. Fails, naming every endpoint, when none qualifies.
     */
    private static Database pickWriter(StorageConfig config, Database primary, Database mirror, Database backup) {
        List<Seen> seen = new ArrayList<>();
        seen.add(look(primary, "primary"));
        if (mirror != null) {
            seen.add(look(mirror, "mirror"));
        }
        if (backup != null) {
            seen.add(look(backup, "backup"));
        }
        Seen best = null;
        for (Seen s : seen) {
            boolean eligible = s.reachable() && switch (s.role()) {
                case "primary" -> !"RETIRED".equals(s.state());
                case "mirror" -> "NORMAL".equals(s.state()) && s.epoch() >= 2;
                default -> "FAILED_OVER".equals(s.state());
            };
            if (eligible && (best == null || s.epoch() > best.epoch())) {
                best = s;
            }
        }
        if (best == null) {
            throw new StorageUnavailableException("no database can take this node's writes (each probed within "
                    + config.probeTimeout() + "): " + seen, null);
        }
        log.info("storage endpoints at start: {}", seen);
        return best.db();
    }

    private static Seen look(Database db, String role) {
        if (!db.isReachable()) {
            return new Seen(db, role, false, "", 0);
        }
        try {
            return db.inControlTransaction(c -> Jdbc.one(c, "SELECT state, epoch FROM pool_state WHERE id = 1",
                    rs -> new Seen(db, role, true, rs.getString(1), rs.getLong(2))))
                    .orElse(new Seen(db, role, true, "NEW", role.equals("primary") ? 1 : 0));
        } catch (RuntimeException e) {
            // no schema yet (a new database): only a primary may start so, and then migrates it
            return new Seen(db, role, true, "NEW", role.equals("primary") ? 1 : 0);
        }
    }

    /** H2 files in this process are written at every commit: keep them compact (see {@link H2FileCompaction}). */
    private void compactLocalFiles() {
        for (Database d : new Database[] {primary, mirror, backup}) {
            if (d != null && d.dialect() == Dialect.H2) {
                H2FileCompaction.startIfLocalFile(d.name(), d.dataSource(), H2FileCompaction.DEFAULT_PERIOD)
                        .ifPresent(compactions::add);
            }
        }
    }

    public StorageConfig config() {
        return config;
    }

    /** The endpoint that takes writes now. */
    public Database writer() {
        return writer;
    }

    /** The endpoint configured as primary (it may have been replaced by a promotion). */
    public Database primary() {
        return primary;
    }

    public Optional<Database> mirror() {
        return Optional.ofNullable(mirror);
    }

    public Optional<Database> backup() {
        return Optional.ofNullable(backup);
    }

    /** Makes {@code endpoint} the one that takes writes (mirror takeover, failover, failback). */
    public void switchWriter(Database endpoint) {
        Database previous = writer;
        writer = endpoint;
        log.warn("storage: writes move from {} to {}", previous.name(), endpoint.name());
    }

    /** Runs a read on the writing endpoint. */
    public <T> T read(SqlWork<T> work) {
        return writer.inTransaction(work);
    }

    /** Runs a fenced metadata change on the writing endpoint, then tells the listeners. */
    public <T> T writeMetadata(long epoch, SqlWork<T> work) {
        T result = writer.inMetadataTransaction(epoch, work);
        for (MetadataListener listener : listeners) {
            listener.metadataChanged();
        }
        return result;
    }

    public void addMetadataListener(MetadataListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        compactions.forEach(H2FileCompaction::close);
        for (Database d : new Database[] {backup, mirror, primary}) {
            if (d != null) {
                d.close();
            }
        }
    }
}
