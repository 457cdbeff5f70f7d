package io.pchat.storage.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pchat.storage.db.Database;

/**
 * Copies the metadata tables (everything but the message log, the pool record, leases and
 * replication bookkeeping) from one endpoint to another, whole: the target's rows are deleted and
 * the source's inserted in ONE target transaction, so the target never shows a half copy. At the
 * scale of chat metadata (thousands of rooms and users) that is simpler and safer than change
 * tracking; it runs only when {@code pool_state.metadata_version} changed.
 *
 * <p>The source's version is read before its tables, in the same transaction: a change made
 * during the copy leaves the recorded version behind the source's, so it is copied next time.
 */
final class MetadataCopier {
    /** In insert order (parents first); deleted in reverse. */
    static final List<String> TABLES = List.of("category", "category_principal", "room", "room_principal",
            "chat_user", "invitation", "preference", "file_token", "room_file", "compliance_event",
            "pool_active_node");

    private record Table(List<String> columns, List<Integer> types, List<Object[]> rows) {
    }

    private MetadataCopier() {
    }

    /** The endpoint's {@code pool_state.metadata_version}. */
    static long version(Database db) {
        return db.inTransaction(MetadataCopier::version);
    }

    /** Copies every metadata table from {@code source} to {@code target}; returns the version copied. */
    static long copy(Database source, Database target, long epoch) {
        Map<String, Table> snapshot = new LinkedHashMap<>();
        long version = source.inTransaction(c -> {
            long v = version(c);
            for (String table : TABLES) {
                snapshot.put(table, read(c, table));
            }
            return v;
        });
        ReplicaFence.apply(target, epoch, c -> {
            for (int i = TABLES.size() - 1; i >= 0; i--) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLES.get(i))) {
                    delete.executeUpdate();
                }
            }
            for (Map.Entry<String, Table> table : snapshot.entrySet()) {
                write(c, table.getKey(), table.getValue());
            }
            return null;
        });
        return version;
    }

    private static long version(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT metadata_version FROM pool_state WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static Table read(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM " + table); ResultSet rs = s.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnName(i));
                types.add(md.getColumnType(i));
            }
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    // Timestamps as LocalDateTime: no time-zone shift between endpoints.
                    row[i] = isTimestamp(types.get(i)) ? rs.getObject(i + 1, LocalDateTime.class) : rs.getObject(i + 1);
                }
                rows.add(row);
            }
            return new Table(columns, types, rows);
        }
    }

    private static void write(Connection c, String table, Table data) throws SQLException {
        if (data.rows().isEmpty()) {
            return;
        }
        String sql = "INSERT INTO " + table + " (" + String.join(", ", data.columns()) + ") VALUES ("
                + String.join(", ", Collections.nCopies(data.columns().size(), "?")) + ")";
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (Object[] row : data.rows()) {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] == null) {
                        insert.setNull(i + 1, data.types().get(i));
                    } else {
                        insert.setObject(i + 1, row[i]);
                    }
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static boolean isTimestamp(int type) {
        return type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE;
    }
}
