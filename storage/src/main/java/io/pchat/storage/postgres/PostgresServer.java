package io.pchat.storage.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.pchat.storage.config.EndpointConfig;

/**
 * One PostgreSQL server of this machine run from its binaries ({@code initdb}, {@code postgres}),
 * for drills and tests that kill database servers as a machine dies: the postmaster is a child
 * of this process, listening on a loopback port with the superuser {@code postgres} trusted, its
 * output appended to a log file. {@link #kill()} is SIGKILL of the postmaster and every process
 * it started. PostgreSQL refuses to run as root: as root, the binaries run in a user namespace of
 * their own ({@code unshare -U}), where they are not.
 *
 * <p>A standby is made as {@code pg_basebackup} makes one (the binaries may not include it):
 * {@code pg_backup_start} on the source, a copy of its data directory, {@code pg_backup_stop}
 * (whose label becomes the copy's {@code backup_label}), then {@code standby.signal} and a
 * {@code primary_conninfo} naming the server to stream from with the standby's name as its
 * {@code application_name} (what {@code synchronous_standby_names} matches).
 */
public final class PostgresServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** What a copy of a running data directory leaves out, as pg_basebackup does. */
    private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "standby.signal",
            "backup_label", "server.log");
    private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_notify", "pg_serial",
            "pg_snapshots", "pg_subtrans", "pg_dynshmem");

    private final String name;
    private final Path bin;
    private final Path dataDirectory;
    private final int port;
    private final Map<String, String> settings;
    private final Path log;
    private Process process;

    private PostgresServer(String name, Path bin, Path dataDirectory, int port, Map<String, String> settings, Path log) {
        this.name = name;
        this.bin = bin;
        this.dataDirectory = dataDirectory.toAbsolutePath();
        this.port = port;
        this.settings = Map.copyOf(settings);
        this.log = log.toAbsolutePath();
    }

    /**
     * A new cluster in {@code dataDirectory} ({@code initdb}, which must not exist yet), started on
     * {@code port} with {@code settings} ({@code -c name=value}).
     */
    public static PostgresServer create(Path bin, String name, Path dataDirectory, int port, Map<String, String> settings,
            Path log) throws IOException, InterruptedException {
        PostgresServer server = new PostgresServer(name, bin, dataDirectory, port, settings, log);
        Files.createDirectories(server.log.getParent());
        // --no-sync: the new cluster's files reach the disk with its first checkpoint, as any write does
        server.run(List.of(bin.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-E", "UTF-8", "--no-sync",
                "-D", server.dataDirectory.toString()));
        server.start();
        return server;
    }

    /**
     * A standby named {@code name} in {@code dataDirectory} (emptied first): a base backup of
     * {@code source}, streaming from {@code streamFrom} (the source itself, or a standby of it:
     * cascading), started on {@code port}.
     */
    public static PostgresServer standby(PostgresServer source, PostgresServer streamFrom, String name, Path dataDirectory,
            int port, Map<String, String> settings, Path log) throws IOException, SQLException, InterruptedException {
        PostgresServer standby = new PostgresServer(name, source.bin, dataDirectory, port, settings, log);
        delete(standby.dataDirectory);
        try (Connection c = source.connect()) {
            baseBackup(c, source.dataDirectory, standby.dataDirectory, name, streamFrom.port);
        }
        standby.start();
        return standby;
    }

    /**
     * Takes a base backup of the server {@code source} is connected to, whose data directory is
     * {@code sourceDirectory}, into {@code target}, and makes it a standby named {@code name}
     * streaming from the server on the loopback port {@code streamFromPort}.
     */
    public static void baseBackup(Connection source, Path sourceDirectory, Path target, String name, int streamFromPort)
            throws IOException, SQLException {
        try (Statement s = source.createStatement()) {
            s.execute("SELECT pg_backup_start('" + name.replace("'", "") + "', true)");
            copy(sourceDirectory, target);
            String label;
            try (ResultSet rs = s.executeQuery("SELECT labelfile FROM pg_backup_stop(false)")) {
                rs.next();
                label = rs.getString(1);
            }
            Files.writeString(target.resolve("backup_label"), label);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------")); // the server insists
        Files.createFile(target.resolve("standby.signal"));
        Files.writeString(target.resolve("postgresql.auto.conf"), "primary_conninfo = '" + conninfo(streamFromPort, name)
                + "'\n", StandardOpenOption.APPEND);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path relative = from.relativize(p);
                if (relative.getNameCount() == 1 && NOT_COPIED.contains(relative.toString())) {
                    continue;
                }
                if (relative.getNameCount() > 1 && EMPTIED.contains(relative.getName(0).toString())) {
                    continue; // the directory itself is made, its contents are not copied
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.copy(p, target);
                    } catch (NoSuchFileException gone) {
                        // a temporary file the server removed while we copied: the WAL replay covers it
                    }
                }
            }
        }
    }

    /** Starts the postmaster on the existing data directory and waits until it accepts connections. */
    public void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " runs already");
        }
        List<String> command = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", dataDirectory.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="));
        settings.forEach((k, v) -> command.addAll(List.of("-c", k + "=" + v)));
        process = new ProcessBuilder(asUnprivileged(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("PostgreSQL server " + name + " exited with " + process.exitValue() + " at start; its"
                        + " log:\n" + tail());
            }
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                return;
            } catch (SQLException notYet) {
                if (System.nanoTime() - deadline > 0) {
                    kill();
                    throw new IOException("PostgreSQL server " + name + " did not accept connections on port " + port
                            + " within " + START_TIMEOUT.toSeconds() + " s; its log:\n" + tail());
                }
                Thread.sleep(100);
            }
        }
    }

    /** SIGKILL of the postmaster and every process it started, as when the machine dies; waits until they are gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("PostgreSQL server " + name + " did not die within 30 s of SIGKILL");
            }
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL server " + name + ": a backend outlived SIGKILL", e);
        }
        process = null;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** A new connection to its {@code postgres} database, as the superuser. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    public String jdbcUrl() {
        return jdbcUrl(port);
    }

    /** The URL of the {@code postgres} database of the server on the loopback {@code port}. */
    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The endpoint configuration of the {@code postgres} database on the loopback {@code port}, as the superuser. */
    public static EndpointConfig endpoint(int port) {
        return new EndpointConfig(jdbcUrl(port), "postgres", "", 4);
    }

    /** A standby's {@code primary_conninfo}: stream from the loopback {@code port} as {@code applicationName}. */
    public static String conninfo(int port, String applicationName) {
        return "host=127.0.0.1 port=" + port + " user=postgres application_name=" + applicationName;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        kill();
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(asUnprivileged(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " failed for " + name + "; its log:\n" + tail());
        }
    }

    /** PostgreSQL refuses root: as root, in a user namespace of its own where it is not. */
    private static List<String> asUnprivileged(List<String> command) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("unshare", "-U"));
        wrapped.addAll(command);
        return wrapped;
    }

    private String tail() throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
