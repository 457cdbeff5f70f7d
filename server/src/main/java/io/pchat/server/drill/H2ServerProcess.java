package io.pchat.server.drill;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;

import io.pchat.storage.db.H2FileCompaction;

/**
 * One of the drill's database servers as a process of its own: an H2 TCP server on a loopback
 * port over one database file, so that the drill can kill it with SIGKILL ({@link #kill()}) as a
 * database machine dies, with nothing of it left in the drill's process. The child opens its
 * database itself first, with {@code WRITE_DELAY=0} (every commit written before it returns), and
 * keeps the file compact as a node does with its embedded file ({@link H2FileCompaction}).
 *
 * <p>The child exits when its standard input closes, so it never outlives the drill that started
 * it, even when the drill itself is killed.
 */
final class H2ServerProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;

    private H2ServerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts the server for {@code directory} on {@code port} and waits until it accepts connections. */
    static H2ServerProcess start(String name, int port, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), H2ServerProcess.class.getName(), Integer.toString(port),
                directory.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("h2-server.log").toFile())).start();
        H2ServerProcess server = new H2ServerProcess(name, process);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("database " + name + " exited with " + process.exitValue() + " at start; see "
                        + directory.resolve("h2-server.log"));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        server.kill();
        throw new IOException("database " + name + " did not listen on port " + port + " within " + START_TIMEOUT);
    }

    /** SIGKILL, and wait until the process is gone: nothing it had not written is kept. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("database " + name + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The child: {@code <port> <directory>}. */
    public static void main(String[] args) throws SQLException, IOException {
        int port = Integer.parseInt(args[0]);
        Path directory = Path.of(args[1]).toAbsolutePath();
        JdbcDataSource local = new JdbcDataSource();
        local.setURL("jdbc:h2:file:" + directory.resolve("pchat") + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
        try (Connection open = local.getConnection()) {
            // opened here first, so that TCP clients share this process's copy and its settings
        }
        H2FileCompaction.startIfLocalFile("h2-server", local, H2FileCompaction.DEFAULT_PERIOD);
        Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir", directory.toString())
                .start();
        while (System.in.read() >= 0) {
            // the drill never writes; end of input means the drill is gone
        }
        Runtime.getRuntime().halt(0);
    }
}
