package io.pchat.storage.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Times in the database are UTC {@code TIMESTAMP}s without zone, at microsecond precision (what
 * PostgreSQL keeps). Every instant is truncated to microseconds before it is used, so what a node
 * hands out equals what it reads back.
 */
public final class SqlTime {
    private SqlTime() {
    }

    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static void set(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, LocalDateTime.ofInstant(truncate(instant), ZoneOffset.UTC));
    }

    /**
     * The database server's own time, read on {@code c}: the one clock every node of a pool can
     * agree on (their own clocks may be skewed). H2 and PostgreSQL answer {@code CURRENT_TIMESTAMP}
     * with its zone; SQL Server {@code SYSUTCDATETIME()}, which is UTC.
     */
    public static Instant databaseNow(Connection c, Dialect dialect) throws SQLException {
        String sql = dialect == Dialect.SQLSERVER ? "SELECT SYSUTCDATETIME()" : "SELECT CURRENT_TIMESTAMP";
        try (PreparedStatement statement = c.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the database did not say its time");
            }
            Instant now = dialect == Dialect.SQLSERVER
                    ? rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC)
                    : rs.getObject(1, OffsetDateTime.class).toInstant();
            return truncate(now);
        }
    }

    public static Instant get(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
