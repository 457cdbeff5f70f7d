package io.pchat.storage.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pchat.storage.db.SqlTime;

/**
 * The recorded gaps of rooms' numbering ({@code chat_message_gap}) and the floors that keep the
 * numbering beyond them ({@code chat_message_floor}). Invariant: a recorded gap never overlaps a
 * stored message, and its room's floor is at least its last msgid, so the log never hands out a
 * msgid inside it.
 */
public final class MsgidGaps {
    private MsgidGaps() {
    }

    /** Records {@code gap} for {@code roomId} (kept if already there) and raises the room's floor past it. */
    public static void record(Connection c, String roomId, MsgidGap gap, Instant at) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO chat_message_gap (room_id, first_msgid, last_msgid,"
                + " recorded_at) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM chat_message_gap WHERE room_id = ?"
                + " AND first_msgid = ?)")) {
            insert.setString(1, roomId);
            insert.setLong(2, gap.first());
            insert.setLong(3, gap.last());
            SqlTime.set(insert, 4, at);
            insert.setString(5, roomId);
            insert.setLong(6, gap.first());
            insert.executeUpdate();
        }
        raiseFloor(c, roomId, gap.last());
    }

    /** The gaps of a room that overlap {@code from..to}, ascending. */
    public static List<MsgidGap> overlapping(Connection c, String roomId, long from, long to) throws SQLException {
        List<MsgidGap> gaps = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT first_msgid, last_msgid FROM chat_message_gap"
                + " WHERE room_id = ? AND first_msgid <= ? AND last_msgid >= ? ORDER BY first_msgid")) {
            s.setString(1, roomId);
            s.setLong(2, to);
            s.setLong(3, from);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    gaps.add(new MsgidGap(rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        return gaps;
    }

    /** Every recorded gap, by room. */
    public static Map<String, List<MsgidGap>> all(Connection c) throws SQLException {
        Map<String, List<MsgidGap>> gaps = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT room_id, first_msgid, last_msgid FROM chat_message_gap"
                + " ORDER BY room_id, first_msgid"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                gaps.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new MsgidGap(rs.getLong(2), rs.getLong(3)));
            }
        }
        return gaps;
    }

    /** Every room's floor (the highest msgid it skipped or purged), by room. */
    public static Map<String, Long> floors(Connection c) throws SQLException {
        Map<String, Long> floors = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT room_id, last_msgid FROM chat_message_floor");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                floors.put(rs.getString(1), rs.getLong(2));
            }
        }
        return floors;
    }

    /** Raises a room's floor to {@code msgid} (never lowers it): its numbering goes on after it. */
    public static void raiseFloor(Connection c, String roomId, long msgid) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE chat_message_floor SET last_msgid = ? WHERE room_id = ? AND last_msgid < ?")) {
            update.setLong(1, msgid);
            update.setString(2, roomId);
            update.setLong(3, msgid);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO chat_message_floor (room_id, last_msgid)"
                + " SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM chat_message_floor WHERE room_id = ?)")) {
            insert.setString(1, roomId);
            insert.setLong(2, msgid);
            insert.setString(3, roomId);
            insert.executeUpdate();
        }
    }
}
