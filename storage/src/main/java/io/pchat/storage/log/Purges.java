package io.pchat.storage.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pchat.storage.db.SqlTime;

/**
 * Applies a {@link Purge} inside a caller's transaction. Before deleting, it raises each
 * affected room's {@code chat_message_floor} to the highest msgid deleted, so numbering goes on
 * after a purge even when the room was emptied (msgids never restart). Idempotent.
 */
public final class Purges {
    private Purges() {
    }

    /** Deletes what {@code purge} names; returns the number of messages deleted. */
    public static int apply(Connection c, Purge purge) throws SQLException {
        Map<String, Long> highest = new LinkedHashMap<>();
        if (purge instanceof Purge.Room room) {
            long max = MessageRows.maxMsgid(c, room.roomId());
            if (max > 0) {
                highest.put(room.roomId(), max);
            }
        } else if (purge instanceof Purge.Before before) {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT room_id, MAX(msgid) FROM chat_message WHERE ts < ? GROUP BY room_id")) {
                SqlTime.set(s, 1, before.before());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        highest.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        for (Map.Entry<String, Long> e : highest.entrySet()) {
            MsgidGaps.raiseFloor(c, e.getKey(), e.getValue());
        }
        if (purge instanceof Purge.Room room) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM chat_message WHERE room_id = ?")) {
                s.setString(1, room.roomId());
                return s.executeUpdate();
            }
        }
        Purge.Before before = (Purge.Before) purge;
        try (PreparedStatement s = c.prepareStatement("DELETE FROM chat_message WHERE ts < ?")) {
            SqlTime.set(s, 1, before.before());
            return s.executeUpdate();
        }
    }
}
