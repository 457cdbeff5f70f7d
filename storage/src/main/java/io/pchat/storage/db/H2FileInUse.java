package io.pchat.storage.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

import org.h2.api.ErrorCode;

import io.pchat.storage.StorageException;
import io.pchat.storage.config.EndpointConfig;

/**
 * An embedded H2 database file can be open in one process only (H2 locks it). A node started on
 * a data directory another process holds would otherwise wait out its connection timeout and
 * report the database unreachable; one direct connection tells at once, and why. Held until the
 * pools have theirs, it also keeps the file from being opened and closed once more at start.
 */
final class H2FileInUse {
    private static final String EMBEDDED_FILE = "jdbc:h2:file:";

    private H2FileInUse() {
    }

    /**
     * Fails when {@code jdbcUrl} is an embedded H2 file that another process has open; otherwise,
     * for an embedded file, returns the connection that opened it (give it to {@link #release}
     * once the pools hold theirs); empty for any other database, or when it could not be opened
     * for another reason (the pool's own checks report that).
     */
    static Optional<Connection> holdOrRefuse(String name, String jdbcUrl, EndpointConfig endpoint) {
        if (!jdbcUrl.regionMatches(true, 0, EMBEDDED_FILE, 0, EMBEDDED_FILE.length())) {
            return Optional.empty();
        }
        try {
            return Optional.of(DriverManager.getConnection(jdbcUrl, endpoint.user(), endpoint.password()));
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                String file = jdbcUrl.substring(EMBEDDED_FILE.length()).split(";", 2)[0];
                throw new StorageException(name + " database " + file + ".mv.db is in use by another process (H2 allows"
                        + " one): is another node running with the same node.dataDirectory? Stop it, or give this node"
                        + " a directory of its own", e);
            }
            return Optional.empty();
        }
    }

    static void release(Connection held) {
        try {
            held.close();
        } catch (SQLException e) {
            // the pools hold the database open: nothing is lost with this one connection
        }
    }
}
