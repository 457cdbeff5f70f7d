package io.pchat.storage.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pchat.storage.FencedWriteException;
import io.pchat.storage.StorageException;
import io.pchat.storage.StorageUnavailableException;
import io.pchat.storage.TestDatabases;
import io.pchat.storage.config.EndpointConfig;

class DatabaseTest {

    private static Database open(EndpointConfig config) {
        Database db = Database.open("test", config, config.url(), Duration.ofSeconds(5));
        db.migrate();
        return db;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void migrationCreatesThePoolRecordAtEpochOneAndIsRepeatable(TestDatabases kind) {
        EndpointConfig config = kind.fresh();
        try (Database db = open(config)) {
            db.migrate();
            assertThat(db.epoch()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aWriteUnderTheCurrentEpochCommitsAndOneUnderAnOldEpochIsRefusedWithNothingWritten(TestDatabases kind) {
        try (Database db = open(kind.fresh())) {
            db.inFencedTransaction(1, c -> insertUser(c, "sip:a@example.com"));
            db.inTransaction(c -> {
                try (PreparedStatement bump = c.prepareStatement("UPDATE pool_state SET epoch = 2 WHERE id = 1")) {
                    return bump.executeUpdate();
                }
            });

            assertThatThrownBy(() -> db.inFencedTransaction(1, c -> insertUser(c, "sip:b@example.com")))
                    .isInstanceOfSatisfying(FencedWriteException.class, e -> {
                        assertThat(e.writeEpoch()).isEqualTo(1);
                        assertThat(e.storeEpoch()).isEqualTo(2);
                    });
            assertThat(countUsers(db)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aMetadataWriteCountsTheChange(TestDatabases kind) {
        try (Database db = open(kind.fresh())) {
            db.inMetadataTransaction(1, c -> insertUser(c, "sip:a@example.com"));
            db.inMetadataTransaction(1, c -> insertUser(c, "sip:b@example.com"));
            long version = db.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT metadata_version FROM pool_state");
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(version).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aFailedTransactionIsRolledBackWhole(TestDatabases kind) {
        try (Database db = open(kind.fresh())) {
            assertThatThrownBy(() -> db.inTransaction(c -> {
                insertUser(c, "sip:a@example.com");
                return insertUser(c, "sip:a@example.com"); // duplicate key
            })).isInstanceOf(StorageException.class).isNotInstanceOf(StorageUnavailableException.class);
            assertThat(countUsers(db)).isZero();
        }
    }

    @org.junit.jupiter.api.Test
    void aLockTimeoutIsRetryableUnavailabilityNotAnError() throws Exception {
        EndpointConfig config = EndpointConfig.of("jdbc:h2:mem:locks" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=200");
        try (Database db = open(config);
                java.sql.Connection holder = java.sql.DriverManager.getConnection(config.url())) {
            holder.setAutoCommit(false);
            try (java.sql.Statement lock = holder.createStatement()) {
                lock.executeUpdate("UPDATE pool_state SET epoch = epoch WHERE id = 1");
            }
            assertThatThrownBy(() -> db.inFencedTransaction(1, c -> insertUser(c, "sip:a@example.com")))
                    .isInstanceOf(StorageUnavailableException.class);
            holder.rollback();
        }
    }

    @org.junit.jupiter.api.Test
    void anUnreachableServerIsUnavailableNotAnError() {
        EndpointConfig config = EndpointConfig.of("jdbc:h2:tcp://127.0.0.1:1/nothing");
        try (Database db = Database.open("gone", config, config.url(), Duration.ofMillis(500))) {
            assertThat(db.isReachable()).isFalse();
            assertThatThrownBy(() -> db.inTransaction(c -> 1)).isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("gone");
        }
    }

    @org.junit.jupiter.api.Test
    void onceAnEndpointWasFoundDownNormalWorkIsRefusedAtOnceInsteadOfWaitingTheConnectionTimeout() {
        EndpointConfig config = EndpointConfig.of("jdbc:h2:tcp://127.0.0.1:1/nothing");
        // normal work would wait a minute for a connection; the pool's checks wait 250 ms
        try (Database db = Database.open("gone", config, config.url(), Duration.ofMinutes(1), Duration.ofMillis(250))) {
            assertThatThrownBy(() -> db.inControlTransaction(c -> 1)).isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("pchat-gone-checks"); // the checks' own small pool, which waited 250 ms
            assertThatThrownBy(() -> db.inTransaction(c -> 1)).isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("gone: does not answer (checked");
        }
    }

    @org.junit.jupiter.api.Test
    void anEndpointFoundDownIsUsedAgainOnceItAnswers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        org.h2.tools.Server server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir",
                dir.toString()).start();
        int port = server.getPort();
        EndpointConfig config = EndpointConfig.of("jdbc:h2:tcp://127.0.0.1:" + port + "/back;DB_CLOSE_DELAY=-1");
        try (Database db = Database.open("back", config, config.url(), Duration.ofSeconds(5), Duration.ofMillis(250))) {
            db.migrate();
            server.stop();
            db.evictConnections();
            assertThat(db.isReachable()).isFalse(); // found down
            assertThatThrownBy(() -> db.inTransaction(c -> 1)).isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("does not answer");

            server = org.h2.tools.Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir",
                    dir.toString()).start();
            Thread.sleep(600); // past twice the probe timeout: the next call checks it again, and it answers
            int one = db.inTransaction(c -> 1);
            assertThat(one).isEqualTo(1);
        } finally {
            server.stop();
        }
    }

    private static int insertUser(java.sql.Connection c, String uri) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO chat_user (uri, display_name, enabled, created_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, uri);
            s.setString(2, uri);
            s.setBoolean(3, true);
            SqlTime.set(s, 4, Instant.now());
            return s.executeUpdate();
        }
    }

    private static long countUsers(Database db) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM chat_user");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
