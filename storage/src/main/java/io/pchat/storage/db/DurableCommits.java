package io.pchat.storage.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.StorageException;

/**
 * What a returned {@code commit()} means on one endpoint, made to mean "on the database server's
 * file" before pchat acknowledges anything written there. pchat answers a post 200 (and an upload
 * 201) only after its transaction committed, so the commit itself must not be deferred:
 *
 * <ul>
 *   <li>H2 defers writing committed data to its file by {@code WRITE_DELAY} (500 ms by default): a
 *       killed process loses everything committed in that window. pchat sets it to 0 (a commit
 *       writes its chunk to the file before it returns) and refuses an endpoint where it cannot.</li>
 *   <li>PostgreSQL with {@code synchronous_commit = off} returns before the WAL is flushed. Every
 *       pchat connection turns that back on (it keeps any stronger level, such as
 *       {@code remote_apply}); {@code fsync = off} cannot be fixed per session and is warned about.</li>
 *   <li>SQL Server with {@code DELAYED_DURABILITY = FORCED} defers every commit's log flush, which
 *       no session can undo: such a database is refused, naming the setting.</li>
 * </ul>
 *
 * <p>docs/storage.md has the table of what each dialect then guarantees against a killed process
 * and against a power cut.
 */
public final class DurableCommits {
    private static final Logger log = LoggerFactory.getLogger(DurableCommits.class);

    /**
     * Run on every new PostgreSQL connection: raises {@code synchronous_commit} from {@code off} to
     * {@code on} for the session and leaves every other level as the server has it.
     */
    static final String POSTGRESQL_CONNECTION_INIT = "SELECT set_config('synchronous_commit', CASE WHEN"
            + " current_setting('synchronous_commit') = 'off' THEN 'on' ELSE current_setting('synchronous_commit')"
            + " END, false)";

    private DurableCommits() {
    }

    /** The SQL a new connection of {@code dialect} runs first, if any. */
    static Optional<String> connectionInitSql(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? Optional.of(POSTGRESQL_CONNECTION_INIT) : Optional.empty();
    }

    /**
     * Makes commits on {@code db} durable as described above, or fails naming what is wrong;
     * returns the line the node logs about it.
     */
    static String ensure(Database db, Connection connection) throws SQLException {
        return switch (db.dialect()) {
            case H2 -> h2(db, connection);
            case POSTGRESQL -> postgresql(db, connection);
            case SQLSERVER -> sqlServer(db, connection);
        };
    }

    private static String h2(Database db, Connection connection) throws SQLException {
        if (!"0".equals(h2Setting(connection, "WRITE_DELAY"))) {
            try (Statement set = connection.createStatement()) {
                set.execute("SET WRITE_DELAY 0");
            } catch (SQLException e) {
                throw new StorageException(db.name() + ": H2 would acknowledge commits up to 500 ms before writing them"
                        + " (WRITE_DELAY) and this user may not change that (" + e.getMessage() + "): connect as an"
                        + " administrator of the database, or add ;WRITE_DELAY=0 to storage." + db.name() + ".url", e);
            }
            log.info("{}: H2 WRITE_DELAY set to 0: a commit reaches the database file before it returns", db.name());
        }
        return "H2, WRITE_DELAY=0: a commit is written to the database file before it is acknowledged"
                + " (survives a killed process; not fsynced: a power cut can lose the last commits)";
    }

    private static String h2Setting(Connection connection, String name) throws SQLException {
        try (Statement select = connection.createStatement();
                ResultSet rs = select.executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '" + name + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String postgresql(Database db, Connection connection) throws SQLException {
        String synchronousCommit = show(connection, "synchronous_commit");
        String fsync = show(connection, "fsync");
        if ("off".equals(synchronousCommit)) {
            // the connection init statement above runs on every connection: this one is a bug
            throw new StorageException(db.name() + ": synchronous_commit is still off on a pchat connection");
        }
        if ("off".equals(fsync)) {
            log.warn("{}: the PostgreSQL server runs with fsync = off: commits survive a killed process but a power"
                    + " cut or an operating system crash can lose them or corrupt the database; set fsync = on", db.name());
        }
        return "PostgreSQL, synchronous_commit=" + synchronousCommit + ", fsync=" + fsync
                + ": a commit is acknowledged once its WAL record is " + ("off".equals(fsync) ? "written" : "flushed to disk");
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement select = connection.createStatement(); ResultSet rs = select.executeQuery("SHOW " + setting)) {
            return rs.next() ? rs.getString(1).toLowerCase(Locale.ROOT) : "unknown";
        }
    }

    private static String sqlServer(Database db, Connection connection) throws SQLException {
        String delayed;
        try (Statement select = connection.createStatement();
                ResultSet rs = select.executeQuery(
                        "SELECT delayed_durability_desc FROM sys.databases WHERE database_id = DB_ID()")) {
            delayed = rs.next() ? rs.getString(1) : "unknown";
        }
        if ("FORCED".equalsIgnoreCase(delayed)) {
            throw new StorageException(db.name() + ": the SQL Server database has DELAYED_DURABILITY = FORCED, so a"
                    + " commit returns before its log is on disk and pchat would acknowledge posts it can lose:"
                    + " ALTER DATABASE ... SET DELAYED_DURABILITY = DISABLED");
        }
        return "SQL Server, DELAYED_DURABILITY=" + delayed + ": a commit is acknowledged once its log is hardened";
    }
}
