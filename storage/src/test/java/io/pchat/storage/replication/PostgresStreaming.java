package io.pchat.storage.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.postgres.PostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Three real PostgreSQL servers (the embedded binaries the tests already use) replicating as a
 * stretched pool's databases do with {@code storage.replication: external}: the primary and a
 * synchronous standby (the mirror: the primary's {@code synchronous_standby_names}, so a commit
 * returns only once the mirror has flushed it) in dc1, and an asynchronous standby (the backup)
 * in dc2, all streaming from the primary.
 *
 * <p>The embedded binaries are {@code initdb}, {@code pg_ctl} and {@code postgres} only, no
 * {@code pg_basebackup}: each standby is a base backup taken as {@link PostgresServer#baseBackup}
 * does. The WAL from the backup's start is streamed from the primary, which keeps enough of it
 * ({@code wal_keep_size}).
 */
public final class PostgresStreaming implements AutoCloseable {
    static final String MIRROR = "mirror";
    static final String BACKUP = "backup";
    public final EmbeddedPostgres primary;
    public final EmbeddedPostgres mirror;
    public final EmbeddedPostgres backup;
    private final Path dir;

    private PostgresStreaming(Path dir, EmbeddedPostgres primary, EmbeddedPostgres mirror, EmbeddedPostgres backup) {
        this.dir = dir;
        this.primary = primary;
        this.mirror = mirror;
        this.backup = backup;
    }

    /** Starts the primary, then the mirror and the backup from base backups of it; returns once both stream. */
    public static PostgresStreaming start(Path dir) throws Exception {
        Map<String, String> primaryConfig = config();
        primaryConfig.put("synchronous_standby_names", "'" + MIRROR + "'");
        EmbeddedPostgres primary = configured(primaryConfig, dir.resolve("primary.log"))
                .setDataDirectory(dir.resolve("primary")).setCleanDataDirectory(true).start();
        EmbeddedPostgres mirror = null;
        EmbeddedPostgres backup = null;
        try {
            mirror = standby(primary, dir.resolve(MIRROR), MIRROR);
            backup = standby(primary, dir.resolve(BACKUP), BACKUP);
            PostgresStreaming set = new PostgresStreaming(dir, primary, mirror, backup);
            set.awaitStreaming();
            return set;
        } catch (Exception | Error e) {
            for (EmbeddedPostgres pg : new EmbeddedPostgres[] {backup, mirror, primary}) {
                if (pg != null) {
                    pg.close();
                }
            }
            throw e;
        }
    }

    /** A server with this configuration whose log (pg_ctl's and the server's output) goes to {@code log}. */
    private static EmbeddedPostgres.Builder configured(Map<String, String> config, Path log) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
        config.forEach(builder::setServerConfig);
        return builder;
    }

    private static Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("synchronous_commit", "on"); // the embedded default is off: a commit waits for the mirror
        config.put("wal_level", "replica");
        config.put("max_wal_senders", "10");
        config.put("wal_keep_size", "256MB");
        config.put("hot_standby", "on");
        config.put("fsync", "off"); // the tests are about what replicates, not about this machine's disk
        config.put("synchronous_standby_names", "''");
        return config;
    }

    /** A standby of {@code primary} named {@code name} (its application_name), from a base backup into {@code dataDir}. */
    private static EmbeddedPostgres standby(EmbeddedPostgres primary, Path dataDir, String name) throws Exception {
        try (Connection c = primary.getPostgresDatabase().getConnection()) {
            PostgresServer.baseBackup(c, dataDirectory(primary), dataDir, name, primary.getPort());
        }
        return configured(config(), dataDir.resolveSibling(name + ".log")).setDataDirectory(dataDir)
                .setCleanDataDirectory(false).start();
    }

    private static Path dataDirectory(EmbeddedPostgres pg) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            return Path.of(rs.getString(1));
        }
    }

    /** Waits until the primary streams to both standbys, the mirror synchronously. */
    private void awaitStreaming() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            Map<String, String> states = replication();
            if (MIRROR.equals(firstKey(states, "sync")) && "async".equals(states.get(BACKUP))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the standbys did not stream within 30 s: " + states);
            }
            Thread.sleep(100);
        }
    }

    private static String firstKey(Map<String, String> map, String value) {
        return map.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** The primary's view of its standbys: application_name to sync_state. */
    Map<String, String> replication() throws SQLException {
        return streaming(primary);
    }

    /** A server's view of the standbys streaming from it: application_name to sync_state. */
    private static Map<String, String> streaming(EmbeddedPostgres upstream) throws SQLException {
        Map<String, String> states = new LinkedHashMap<>();
        try (Connection c = upstream.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT application_name, sync_state FROM pg_stat_replication"
                        + " WHERE state = 'streaming'")) {
            while (rs.next()) {
                states.put(rs.getString(1), rs.getString(2));
            }
        }
        return states;
    }

    /** The endpoint configuration of one server (its {@code postgres} database). */
    public static EndpointConfig endpoint(EmbeddedPostgres pg) {
        return new EndpointConfig(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 4);
    }

    /** kill -9 of a server: its postmaster and every process it started. */
    public static void kill(EmbeddedPostgres pg) throws Exception {
        Path pidFile = dataDirectory(pg).resolve("postmaster.pid");
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        postmaster.onExit().get();
    }

    /**
     * The old primary's server started again on its own data directory and port, as it was when
     * it died: not a standby of anything (what a failback must refuse).
     */
    public EmbeddedPostgres primaryRestartedAsItWas() throws IOException {
        primary.close(); // killed before: this releases its data directory's lock
        return configured(config(), dir.resolve("primary.log")).setDataDirectory(dir.resolve("primary"))
                .setCleanDataDirectory(false).setPort(primary.getPort()).start();
    }

    /**
     * What the DBA does before a failback: the primary rebuilt as a standby of the backup (which
     * writes since the failover), in a new data directory, on the primary's port; returns once it
     * streams.
     */
    public EmbeddedPostgres primaryRebuiltFromTheBackup() throws Exception {
        Path data = dir.resolve("primary-rebuilt");
        try (Connection c = backup.getPostgresDatabase().getConnection()) {
            PostgresServer.baseBackup(c, dataDirectory(backup), data, "primary", backup.getPort());
        }
        EmbeddedPostgres rebuilt = configured(config(), dir.resolve("primary-rebuilt.log")).setDataDirectory(data)
                .setCleanDataDirectory(false).setPort(primary.getPort()).start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!streaming(backup).containsKey("primary")) {
            if (System.nanoTime() > deadline) {
                rebuilt.close();
                throw new IllegalStateException("the rebuilt primary did not stream from the backup within 30 s");
            }
            Thread.sleep(100);
        }
        return rebuilt;
    }

    /** What the operator or the driver does to a standby: {@code pg_promote()}, waiting until it takes writes. */
    static void promote(EmbeddedPostgres standby) throws SQLException {
        try (Connection c = standby.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_promote(true, 60)")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new IllegalStateException("the standby was not promoted within 60 s");
            }
        }
    }

    @Override
    public void close() {
        for (EmbeddedPostgres pg : new EmbeddedPostgres[] {backup, mirror, primary}) {
            try {
                pg.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    Path dir() {
        return dir;
    }
}
