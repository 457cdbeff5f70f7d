package io.pchat.storage.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pchat.storage.db.SqlTime;

/**
 * The SQL of {@code chat_message}, shared by the log and by replication: every statement once,
 * in SQL that H2, PostgreSQL and SQL Server all accept. Stateless.
 */
public final class MessageRows {
    /** The columns of a message, in the order every statement here uses. */
    public static final String COLUMNS = "room_id, msgid, ts, author, body, alert, story_title, epoch";

    private static final String INSERT = "INSERT INTO chat_message (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    // Idempotent: applying the same rows twice changes nothing.
    private static final String INSERT_IF_ABSENT = "INSERT INTO chat_message (" + COLUMNS + ")"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
            + " (SELECT 1 FROM chat_message WHERE room_id = ? AND msgid = ?)";

    private MessageRows() {
    }

    /** Inserts a batch of new messages (one JDBC batch); fails on a duplicate key. */
    public static void insert(Connection c, long epoch, List<StoredMessage> messages) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            for (StoredMessage m : messages) {
                bind(s, m, epoch);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Inserts the rows that are not there yet (one JDBC batch); rows already there are left alone. */
    public static void insertIfAbsent(Connection c, List<LogRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(INSERT_IF_ABSENT)) {
            for (LogRow row : rows) {
                bind(s, row.message(), row.epoch());
                s.setString(9, row.message().roomId());
                s.setLong(10, row.message().msgid());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Up to {@code limit} rows of a room with msgid greater than {@code afterMsgid}, in msgid order. */
    public static List<LogRow> readAfter(Connection c, String roomId, long afterMsgid, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM chat_message"
                + " WHERE room_id = ? AND msgid > ? ORDER BY msgid OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
            s.setString(1, roomId);
            s.setLong(2, afterMsgid);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                List<LogRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new LogRow(message(rs), rs.getLong("epoch")));
                }
                return rows;
            }
        }
    }

    /** The msgids of a room greater than {@code afterMsgid}, ascending. */
    public static List<Long> msgidsAfter(Connection c, String roomId, long afterMsgid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT msgid FROM chat_message WHERE room_id = ? AND msgid > ? ORDER BY msgid")) {
            s.setString(1, roomId);
            s.setLong(2, afterMsgid);
            try (ResultSet rs = s.executeQuery()) {
                List<Long> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
                return ids;
            }
        }
    }

    /** MAX(msgid) of every room that has messages. */
    public static Map<String, Long> maxPerRoom(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT room_id, MAX(msgid) FROM chat_message GROUP BY room_id");
                ResultSet rs = s.executeQuery()) {
            Map<String, Long> max = new HashMap<>();
            while (rs.next()) {
                max.put(rs.getString(1), rs.getLong(2));
            }
            return max;
        }
    }

    /** MAX(msgid) of a room, 0 when it has no messages. */
    public static long maxMsgid(Connection c, String roomId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(msgid) FROM chat_message WHERE room_id = ?")) {
            s.setString(1, roomId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The last msgid a room has used: its stored maximum or, if higher, its purge floor. */
    public static long lastUsedMsgid(Connection c, String roomId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT (SELECT MAX(msgid) FROM chat_message WHERE room_id = ?),"
                + " (SELECT last_msgid FROM chat_message_floor WHERE room_id = ?)")) {
            s.setString(1, roomId);
            s.setString(2, roomId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return Math.max(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** The message of the current row of a result set selecting {@link #COLUMNS}. */
    public static StoredMessage message(ResultSet rs) throws SQLException {
        return new StoredMessage(rs.getString("room_id"), rs.getLong("msgid"), SqlTime.get(rs, "ts"),
                rs.getString("author"), rs.getString("body"), rs.getBoolean("alert"), rs.getString("story_title"));
    }

    /** Whether {@code e}, or a cause of it, is a unique-key violation (SQLState class 23, SQL Server 2627/2601). */
    public static boolean isDuplicateKey(Throwable e) {
        for (Throwable cur = e; cur != null; cur = cur.getCause()) {
            if (cur instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    if ("23505".equals(state) || s.getErrorCode() == 2627 || s.getErrorCode() == 2601) {
                        return true;
                    }
                }
            }
            if (cur.getCause() == cur) {
                break;
            }
        }
        return false;
    }

    private static void bind(PreparedStatement s, StoredMessage m, long epoch) throws SQLException {
        s.setString(1, m.roomId());
        s.setLong(2, m.msgid());
        SqlTime.set(s, 3, m.ts());
        s.setString(4, m.author());
        s.setString(5, m.text());
        s.setBoolean(6, m.alert());
        if (m.storyTitle() == null) {
            s.setNull(7, Types.VARCHAR);
        } else {
            s.setString(7, m.storyTitle());
        }
        s.setLong(8, epoch);
    }
}
