package io.pchat.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pchat.storage.FencedWriteException;
import io.pchat.storage.TestDatabases;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.SqlTime;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.StoredMessage;

/** The replication statements on every dialect: idempotent copies, bookkeeping upserts, the replica fence. */
class ReplicationSqlTest {

    private static Database open(TestDatabases kind, String name) {
        EndpointConfig config = kind.fresh();
        Database db = Database.open(name, config, config.url(), Duration.ofSeconds(5));
        db.migrate();
        return db;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void copiesAreIdempotentAndEqualTheSource(TestDatabases kind) {
        try (Database source = open(kind, "source"); Database target = open(kind, "target")) {
            Instant ts = SqlTime.truncate(Instant.parse("2024-05-01T12:00:00.123456Z"));
            List<LogRow> rows = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                rows.add(new LogRow(new StoredMessage(i % 2 == 0 ? "a" : "b", (i + 1) / 2, ts,
                        "sip:a@x", "ünïcode " + i, i == 3, i == 4 ? "story" : null), 1));
            }
            source.inTransaction(c -> {
                MessageRows.insertIfAbsent(c, rows);
                MessageRows.insertIfAbsent(c, rows); // twice: nothing more
                metadata(c);
                return null;
            });
            source.inMetadataTransaction(1, c -> 0);

            assertThat(LogCopier.copyAll(source, target, 1)).isEqualTo(5);
            assertThat(LogCopier.copyAll(source, target, 1)).isZero();
            LogCopier.apply(target, 1, rows); // the same rows again: nothing changes
            assertThat(Cluster.contents(target)).isEqualTo(Cluster.contents(source));

            assertThat(MetadataCopier.copy(source, target, 1)).isEqualTo(1);
            MetadataCopier.copy(source, target, 1);
            for (String table : MetadataCopier.TABLES) {
                assertThat(dump(target, table)).as(table).isEqualTo(dump(source, table));
            }
            assertThat(dump(target, "preference")).hasSize(1);

            ShipLedger.savePosition(source, "BACKUP", "a", 2);
            ShipLedger.savePosition(source, "BACKUP", "a", 3);
            ShipLedger.recordShipped(source, "BACKUP", 7, ts);
            ShipLedger.recordShipped(source, "BACKUP", 8, ts);
            assertThat(ShipLedger.positions(source, "BACKUP")).isEqualTo(Map.of("a", 3L));
            assertThat(ShipLedger.shippedVersion(source, "BACKUP")).isEqualTo(8);

            Epochs.raise(target, 2, Epochs.FAILED_OVER);
            assertThatThrownBy(() -> LogCopier.apply(target, 1, rows)).isInstanceOf(FencedWriteException.class);
        }
    }

    private static void metadata(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO category (id, name, name_key, description, is_root,"
                + " invitations, file_upload, logged, created_at) VALUES ('c1', 'Cat', 'cat', '', ?, ?, ?, ?, ?)")) {
            s.setBoolean(1, true);
            s.setBoolean(2, false);
            s.setBoolean(3, true);
            s.setBoolean(4, true);
            SqlTime.set(s, 5, Instant.parse("2024-01-01T00:00:00.000001Z"));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO category_principal (category_id, kind, principal) VALUES ('c1', 'ALLOWED', '@x')")) {
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO preference (user_uri, label, revision, content) VALUES ('sip:a@x', 'l', 1, ?)")) {
            s.setBytes(1, new byte[] {1, 2, 3, (byte) 0xff});
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO compliance_event (id, ts, kind, user_uri, room_id,"
                + " msgid, detail) VALUES ('e1', ?, 'JOIN', 'sip:a@x', NULL, NULL, NULL)")) {
            SqlTime.set(s, 1, Instant.parse("2024-01-01T00:00:00Z"));
            s.executeUpdate();
        }
    }

    /** A table's rows as strings, sorted: comparable across endpoints. */
    private static List<String> dump(Database db, String table) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM " + table); ResultSet rs = s.executeQuery()) {
                List<String> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        row.append(v instanceof byte[] b ? java.util.Arrays.toString(b) : String.valueOf(v)).append('|');
                    }
                    out.add(row.toString());
                }
                out.sort(null);
                return out;
            }
        });
    }
}
