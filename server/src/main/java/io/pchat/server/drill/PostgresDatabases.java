package io.pchat.server.drill;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.db.Database;
import io.pchat.storage.postgres.PostgresServer;

/**
 * A drill's databases as three PostgreSQL servers replicating themselves (pchat's
 * {@code storage.replication: external}): the primary, its synchronous standby the mirror
 * (named in the primary's {@code synchronous_standby_names}: a commit returns once the mirror
 * has it) and the asynchronous standby the backup, run from this machine's binaries with their
 * default settings but replication's ({@link PostgresServer}). pchat promotes the standbys; the
 * administrator's part, done here between the steps as the runbook says, is pointing the backup
 * at a new writer and rebuilding servers as standbys (base backups).
 */
final class PostgresDatabases implements DrillDatabases {
    private static final Logger log = LoggerFactory.getLogger(PostgresDatabases.class);
    private static final Duration STREAMING_WAIT = Duration.ofSeconds(30);

    private final Path bin;
    private final Path dir;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, PostgresServer> servers = new LinkedHashMap<>();

    PostgresDatabases(Path bin, Path dir) throws IOException {
        this.bin = bin;
        this.dir = dir;
        for (String db : NAMES) {
            ports.put(db, LoopbackPorts.free());
        }
    }

    /** Each server's settings: replication's; the primary waits for the mirror at every commit. */
    private static Map<String, String> settings(String name) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("wal_keep_size", "256MB"); // a standby rebuilt from a base backup streams the WAL since its start
        settings.put("synchronous_standby_names", name.equals("primary") ? "mirror" : "");
        return settings;
    }

    @Override
    public void start() throws Exception {
        PostgresServer primary = PostgresServer.create(bin, "primary", dataDirectory("primary"), ports.get("primary"),
                settings("primary"), log("primary"));
        servers.put("primary", primary);
        standby("mirror", primary, primary);
        standby("backup", primary, primary);
        awaitStreaming(primary, "mirror", "sync");
        awaitStreaming(primary, "backup", "async");
        log.info("drill: PostgreSQL primary on port {}, mirror (synchronous) on {}, backup (asynchronous) on {}",
                ports.get("primary"), ports.get("mirror"), ports.get("backup"));
    }

    private PostgresServer standby(String name, PostgresServer source, PostgresServer streamFrom) throws Exception {
        PostgresServer old = servers.remove(name);
        if (old != null) {
            old.kill();
        }
        PostgresServer standby = PostgresServer.standby(source, streamFrom, name, dataDirectory(name), ports.get(name),
                settings(name), log(name));
        servers.put(name, standby);
        return standby;
    }

    private Path dataDirectory(String name) {
        return dir.resolve("db-" + name);
    }

    private Path log(String name) {
        return dir.resolve("db-" + name + ".log");
    }

    @Override
    public void kill(String name) {
        PostgresServer server = servers.remove(name);
        if (server != null) {
            server.kill();
            log.warn("drill: PostgreSQL server {} killed (SIGKILL)", name);
        }
    }

    @Override
    public String replication() {
        return "external";
    }

    @Override
    public String endpointYaml(String name) {
        return "    url: \"" + PostgresServer.jdbcUrl(ports.get(name)) + "\"\n    user: postgres\n";
    }

    @Override
    public Database open(String name) {
        EndpointConfig endpoint = PostgresServer.endpoint(ports.get(name));
        return Database.open(name, endpoint, endpoint.url(), Duration.ofSeconds(5));
    }

    /**
     * The backup streamed from the primary, which is gone: pointed at the mirror, the new writer
     * ({@code primary_conninfo} changed and reloaded), it follows the mirror's new timeline. Rebuilt
     * from the mirror when it cannot (it had received WAL the mirror never flushed).
     */
    @Override
    public String afterMirrorTakeover() throws Exception {
        long started = System.nanoTime();
        PostgresServer mirror = servers.get("mirror");
        try (Connection c = servers.get("backup").connect(); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET primary_conninfo = '" + PostgresServer.conninfo(mirror.port(), "backup") + "'");
            s.execute("SELECT pg_reload_conf()");
        }
        String how = "backup pointed at the mirror";
        if (!streams(mirror, "backup", Duration.ofSeconds(15))) {
            standby("backup", mirror, mirror);
            awaitStreaming(mirror, "backup", "async");
            how = "backup could not follow the mirror: rebuilt from it";
        }
        return how + " (" + millisSince(started) + " ms)";
    }

    /** dc1's servers, whose data is behind and diverged: rebuilt from the backup, the mirror cascading from the primary. */
    @Override
    public String restoreDataCenter1() throws Exception {
        long started = System.nanoTime();
        PostgresServer backup = servers.get("backup");
        PostgresServer primary = standby("primary", backup, backup);
        standby("mirror", backup, primary);
        awaitStreaming(backup, "primary", "async");
        awaitStreaming(primary, "mirror", "async"); // synchronous once the primary is promoted
        return "dc1 rebuilt as standbys of the backup in " + millisSince(started) + " ms";
    }

    /** The backup, retired by the failback, rebuilt as the primary's asynchronous standby. */
    @Override
    public String afterFailback() throws Exception {
        long started = System.nanoTime();
        PostgresServer primary = servers.get("primary");
        standby("backup", primary, primary);
        awaitStreaming(primary, "backup", "async");
        awaitStreaming(primary, "mirror", "sync");
        return "backup rebuilt from the primary in " + millisSince(started) + " ms";
    }

    @Override
    public boolean pchatReplicates() {
        return false;
    }

    @Override
    public String describe() {
        return "3 PostgreSQL servers (primary + synchronous standby mirror in dc1, asynchronous standby backup in dc2;"
                + " streaming replication)";
    }

    @Override
    public void close() {
        for (String db : NAMES) {
            kill(db);
        }
    }

    private void awaitStreaming(PostgresServer upstream, String standby, String syncState) throws Exception {
        long deadline = System.nanoTime() + STREAMING_WAIT.toNanos();
        while (!syncState.equals(state(upstream, standby))) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("drill: " + standby + " does not stream " + syncState + " from "
                        + upstream.name() + " within " + STREAMING_WAIT.toSeconds() + " s (now: " + state(upstream, standby)
                        + "); see " + log(standby));
            }
            Thread.sleep(100);
        }
    }

    private boolean streams(PostgresServer upstream, String standby, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (state(upstream, standby) == null) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** The sync_state {@code upstream} shows for {@code standby} streaming from it, or null. */
    private static String state(PostgresServer upstream, String standby) {
        try (Connection c = upstream.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT sync_state FROM pg_stat_replication WHERE application_name = ? AND state = 'streaming'")) {
            s.setString(1, standby);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
