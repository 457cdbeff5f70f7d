package io.pchat.storage.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
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

    public static Instant get(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
