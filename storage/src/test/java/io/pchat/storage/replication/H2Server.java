package io.pchat.storage.replication;

import java.nio.file.Path;
import java.sql.SQLException;

import org.h2.tools.Server;

/**
 * An H2 TCP server on a free loopback port with file databases under a directory: stopping and
 * starting it again simulates a database server lost and back, data kept.
 */
final class H2Server implements AutoCloseable {
    private final Path dir;
    private int port;
    private Server server;

    H2Server(Path dir) {
        this.dir = dir;
        start(0);
    }

    String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/pchat";
    }

    void stop() {
        server.stop();
    }

    void restart() {
        start(port);
    }

    private void start(int onPort) {
        try {
            server = Server.createTcpServer("-tcpPort", Integer.toString(onPort), "-ifNotExists", "-baseDir",
                    dir.toString()).start();
            port = server.getPort();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start H2 server", e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
