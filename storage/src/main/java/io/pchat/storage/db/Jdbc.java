package io.pchat.storage.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statement plumbing the metadata stores share: bind parameters by their Java type, run, map
 * rows. Booleans are bound with {@code setBoolean} and instants through {@link SqlTime}, so one
 * statement text serves H2, PostgreSQL and SQL Server. A SQL NULL is given as a typed
 * {@link Null} (PostgreSQL wants the type of an untyped NULL).
 */
public final class Jdbc {
    /** A typed SQL NULL parameter. */
    public record Null(int sqlType) {
    }

    public static final Null NULL_STRING = new Null(Types.VARCHAR);
    public static final Null NULL_LONG = new Null(Types.BIGINT);

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Jdbc() {
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows it changed. */
    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        }
    }

    public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }
    }

    public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    /** The first column of the first row as a long (0 for no row or NULL): counts and maxima. */
    public static long number(Connection c, String sql, Object... params) throws SQLException {
        return one(c, sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /** Whether {@code e} is a unique or primary key violation (not another integrity error). */
    public static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState())
                    || sql.getErrorCode() == 2627 || sql.getErrorCode() == 2601)) {
                return true;
            }
        }
        return false;
    }

    /** A {@code LIKE ? ESCAPE '!'} pattern matching {@code text} anywhere, its wildcards taken literally. */
    public static String containsPattern(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('%');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '!' || ch == '%' || ch == '_' || ch == '[') {
                b.append('!'); // '[' is a wildcard in SQL Server only
            }
            b.append(ch);
        }
        return b.append('%').toString();
    }

    private static void bind(PreparedStatement s, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            int index = i + 1;
            if (p instanceof String v) {
                s.setString(index, v);
            } else if (p instanceof Long v) {
                s.setLong(index, v);
            } else if (p instanceof Integer v) {
                s.setInt(index, v);
            } else if (p instanceof Boolean v) {
                s.setBoolean(index, v);
            } else if (p instanceof Instant v) {
                SqlTime.set(s, index, v);
            } else if (p instanceof byte[] v) {
                s.setBytes(index, v);
            } else if (p instanceof Null v) {
                s.setNull(index, v.sqlType());
            } else if (p instanceof Enum<?> v) {
                s.setString(index, v.name());
            } else {
                throw new IllegalArgumentException("cannot bind " + (p == null ? "null (use Jdbc.NULL_*)" : p.getClass()));
            }
        }
    }
}
