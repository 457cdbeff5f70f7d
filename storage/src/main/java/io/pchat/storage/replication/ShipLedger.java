package io.pchat.storage.replication;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.pchat.storage.db.Database;
import io.pchat.storage.db.SqlTime;

/**
 * The shipping bookkeeping kept on the endpoint that ships: {@code replication_position} (per
 * target and room, the last msgid known to be on the target) and {@code replication_state} (per
 * target, the metadata version last copied). A position is written only after the target
 * committed what it names, so it never claims more than the target holds; a crash between the two
 * only means the next pass copies some rows again, harmlessly.
 */
final class ShipLedger {
    private ShipLedger() {
    }

    static Map<String, Long> positions(Database db, String target) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT room_id, last_msgid FROM replication_position WHERE target = ?")) {
                s.setString(1, target);
                try (ResultSet rs = s.executeQuery()) {
                    Map<String, Long> positions = new HashMap<>();
                    while (rs.next()) {
                        positions.put(rs.getString(1), rs.getLong(2));
                    }
                    return positions;
                }
            }
        });
    }

    static void savePosition(Database db, String target, String roomId, long lastMsgid) {
        db.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE replication_position SET last_msgid = ? WHERE target = ? AND room_id = ?")) {
                update.setLong(1, lastMsgid);
                update.setString(2, target);
                update.setString(3, roomId);
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO replication_position (target, room_id, last_msgid) SELECT ?, ?, ?"
                            + " WHERE NOT EXISTS (SELECT 1 FROM replication_position WHERE target = ? AND room_id = ?)")) {
                insert.setString(1, target);
                insert.setString(2, roomId);
                insert.setLong(3, lastMsgid);
                insert.setString(4, target);
                insert.setString(5, roomId);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The metadata version last copied to {@code target}, or -1 when never. */
    static long shippedVersion(Database db, String target) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT metadata_version FROM replication_state WHERE target = ?")) {
                s.setString(1, target);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            }
        });
    }

    static void recordShipped(Database db, String target, long version, Instant at) {
        db.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE replication_state SET metadata_version = ?, shipped_at = ? WHERE target = ?")) {
                update.setLong(1, version);
                SqlTime.set(update, 2, at);
                update.setString(3, target);
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO replication_state (target, metadata_version, shipped_at) SELECT ?, ?, ?"
                            + " WHERE NOT EXISTS (SELECT 1 FROM replication_state WHERE target = ?)")) {
                insert.setString(1, target);
                insert.setLong(2, version);
                SqlTime.set(insert, 3, at);
                insert.setString(4, target);
                insert.executeUpdate();
            }
            return null;
        });
    }
}
