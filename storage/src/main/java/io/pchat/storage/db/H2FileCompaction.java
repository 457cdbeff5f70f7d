package io.pchat.storage.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an H2 database file that lives in this process from filling with half-dead chunks while
 * every commit is written at once ({@code WRITE_DELAY=0}, see {@link DurableCommits}).
 *
 * <p>Why it is needed: H2's store is append-only; each commit writes a new chunk, and a chunk's
 * space is reused only once nothing in it is live and it is older than {@code RETENTION_TIME}
 * (45 s). H2 rewrites mostly dead chunks in its background writer, which it runs only when commits
 * are delayed; with {@code WRITE_DELAY=0} nothing does, and chunks that keep one live page are
 * never reused. This task does the background writer's rewriting: every {@code period}, when
 * something was written since its last run, it rewrites chunks under {@value #TARGET_FILL_RATE}%
 * live into new ones, so old chunks die and their space is reused after the retention time.
 *
 * <p>It never shortens the retention time nor moves chunks to shrink the file, as H2's
 * {@code compactFile} does: both were tried, and a process killed with SIGKILL then came back
 * without its last commits (acknowledged posts lost in 4 of 5 runs of the killed-node test); H2
 * finds its newest chunk after a crash only while the chunks before it are retained. A clean close
 * compacts the file.
 *
 * <p>Invariant: it touches the store only through H2's own {@code MVStore.compact}, under H2's own
 * lock; a failure is logged (once per kind) and the next period tries again. It does nothing for
 * an H2 database reached over TCP (its server process runs its own, as the drill's H2 servers do)
 * or in memory.
 */
public final class H2FileCompaction implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(H2FileCompaction.class);

    /** How often the file is looked at. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);
    /** Chunks with less live data than this (percent) are rewritten. */
    static final int TARGET_FILL_RATE = 80;
    /** Bytes one run rewrites at least (H2 stops rewriting once past it). */
    private static final int WRITE_LIMIT = 4 << 20;

    private final String name;
    private final DataSource dataSource;
    private final ScheduledExecutorService scheduler;
    private long lastVersion = -1;
    private String lastFailure;

    private H2FileCompaction(String name, DataSource dataSource, Duration period) {
        this.name = name;
        this.dataSource = dataSource;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pchat-h2-compaction-" + name);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::run, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts compacting {@code dataSource}'s database when it is an H2 file opened in this
     * process; empty otherwise (another dialect, a TCP or in-memory H2 database).
     */
    public static Optional<H2FileCompaction> startIfLocalFile(String name, DataSource dataSource, Duration period) {
        try (Connection connection = dataSource.getConnection()) {
            if (store(connection).isEmpty()) {
                return Optional.empty();
            }
        } catch (SQLException | RuntimeException e) {
            return Optional.empty(); // not reachable now: nothing local to compact
        }
        log.debug("{}: rewriting sparse chunks of the H2 file every {}", name, period);
        return Optional.of(new H2FileCompaction(name, dataSource, period));
    }

    /** The MVStore behind an H2 connection when the database is a file in this process. */
    static Optional<MVStore> store(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return Optional.empty();
        }
        if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)) {
            return Optional.empty(); // a TCP session: the file is in the server's process
        }
        var database = local.getDatabase();
        if (!database.isPersistent() || database.getStore() == null) {
            return Optional.empty();
        }
        return Optional.of(database.getStore().getMvStore());
    }

    private void run() {
        try (Connection connection = dataSource.getConnection()) {
            Optional<MVStore> found = store(connection);
            if (found.isEmpty() || found.get().isClosed()) {
                return;
            }
            MVStore store = found.get();
            long version = store.getCurrentVersion();
            if (version == lastVersion) {
                return; // nothing written since the last run
            }
            long before = store.getFileStore().size();
            long began = System.nanoTime();
            store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
            lastVersion = store.getCurrentVersion();
            if (log.isDebugEnabled()) {
                log.debug("{}: H2 file {} -> {} bytes in {} ms", name, before, store.getFileStore().size(),
                        (System.nanoTime() - began) / 1_000_000);
            }
            lastFailure = null;
        } catch (SQLException | RuntimeException e) {
            String kind = e.getClass().getName();
            if (!kind.equals(lastFailure)) {
                lastFailure = kind;
                log.warn("{}: compacting the H2 file failed (tried again every period): {}", name, e.toString());
            }
        }
    }

    @Override
    public void close() {
        // no interrupt: an interrupted file write would close H2's file channel under the store
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("{}: H2 compaction did not stop within 10 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
