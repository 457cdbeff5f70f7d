package io.pchat.storage.db;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pchat.storage.FencedWriteException;
import io.pchat.storage.OutcomeUnknownException;
import io.pchat.storage.StorageException;
import io.pchat.storage.StorageUnavailableException;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.StorageConfig;

/**
 * One database endpoint: its own HikariCP pool, its schema (migrated by Flyway on
 * {@link #migrate()}), and transactions on it. Every JDBC failure leaves here as a
 * {@link StorageException}; a lost or unreachable server as {@link StorageUnavailableException},
 * so callers can tell "retry later" (503) from a real error.
 *
 * <p>Connections are handed out with auto-commit off: every unit of work is one transaction,
 * committed when it returns and rolled back when it throws.
 *
 * <p>Two pools of connections: one for normal work, whose callers wait up to the connection
 * timeout for a free connection under load, and a small one for the pool's own checks
 * ({@link #inControlTransaction}: heartbeat, lease, probes), which waits only the probe timeout.
 * Once a call found the endpoint down, the endpoint is <em>suspect</em>: normal work on it first
 * checks it through the small pool (at most the probe timeout, and not again within twice that)
 * and fails at once while it does not answer, so that nothing waits the whole connection timeout
 * on a database that is gone, and a switch-over is not held up behind such a wait. The checks
 * themselves fail at once within a probe timeout of the last failed one.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** H2 error codes for a server that went away: connection broken, database closed, shutting down. */
    private static final Set<Integer> H2_CONNECTION_LOST = Set.of(90067, 90098, 90121, 90028);

    private final String name;
    private final EndpointConfig endpoint;
    private final Dialect dialect;
    private final Dialect schema;
    private final HikariDataSource dataSource;
    private final HikariDataSource control;
    private final long probeTimeoutNanos;
    private final long connectionTimeoutNanos;
    /** Where its server listens, when the URL names one (see {@link #refusesConnections}). */
    private final Optional<InetSocketAddress> server;
    /** Set when a call found the endpoint down; cleared by the next successful check (see the class comment). */
    private volatile boolean suspect;
    private volatile long lastFailedCheck;
    /** What a commit here guarantees, once {@link #migrate()} made it durable; null before. */
    private volatile String durability;

    private Database(String name, EndpointConfig endpoint, String jdbcUrl, Duration connectionTimeout, Duration probeTimeout) {
        this.name = name;
        this.endpoint = endpoint;
        this.dialect = Dialect.fromJdbcUrl(jdbcUrl)
                .orElseThrow(() -> new StorageException(name + ": unsupported JDBC URL"));
        this.schema = Dialect.schemaFor(jdbcUrl);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("pchat-" + name);
        hikari.setJdbcUrl(jdbcUrl);
        if (!endpoint.user().isEmpty()) {
            hikari.setUsername(endpoint.user());
        }
        if (!endpoint.password().isEmpty()) {
            hikari.setPassword(endpoint.password());
        }
        hikari.setMaximumPoolSize(endpoint.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, endpoint.maxPoolSize()));
        hikari.setAutoCommit(false);
        // work waits for a connection in slices of a probe timeout, up to the connection timeout (see connect)
        hikari.setConnectionTimeout(Math.min(connectionTimeout.toMillis(), Math.max(250, probeTimeout.toMillis())));
        hikari.setValidationTimeout(Math.min(connectionTimeout.toMillis(), 5_000));
        // A mirror or backup may be down when the node starts: the pool is created anyway and
        // the endpoint counts as unreachable until a connection succeeds.
        hikari.setInitializationFailTimeout(-1);
        DurableCommits.connectionInitSql(dialect).ifPresent(hikari::setConnectionInitSql);
        // the init query is committed (validation rolled back): a pooled connection never sits idle in a
        // transaction, which on a PostgreSQL standby would hold back replay and so a promotion
        hikari.setIsolateInternalQueries(true);
        this.dataSource = new HikariDataSource(hikari);
        HikariConfig checks = new HikariConfig();
        hikari.copyStateTo(checks);
        checks.setPoolName("pchat-" + name + "-checks");
        checks.setMaximumPoolSize(2);
        checks.setMinimumIdle(1);
        checks.setConnectionTimeout(probeTimeout.toMillis());
        checks.setValidationTimeout(Math.max(250, probeTimeout.toMillis()));
        this.control = new HikariDataSource(checks);
        this.probeTimeoutNanos = probeTimeout.toNanos();
        this.connectionTimeoutNanos = connectionTimeout.toNanos();
        this.server = ServerAddress.of(jdbcUrl);
    }

    /** Opens the pool of one endpoint; does not connect yet (see {@link #isReachable()}). */
    public static Database open(String name, EndpointConfig endpoint, StorageConfig storage) {
        return open(name, endpoint, endpoint.url(), storage.connectionTimeout(), storage.probeTimeout());
    }

    /** As {@link #open(String, EndpointConfig, StorageConfig)} with an URL rewritten by the caller (SQL Server failover partner). */
    public static Database open(String name, EndpointConfig endpoint, String jdbcUrl, Duration connectionTimeout,
            Duration probeTimeout) {
        return new Database(name, endpoint, jdbcUrl, connectionTimeout, probeTimeout);
    }

    /** As above, with the default probe timeout (or the connection timeout when that is shorter). */
    public static Database open(String name, EndpointConfig endpoint, String jdbcUrl, Duration connectionTimeout) {
        Duration probe = connectionTimeout.compareTo(StorageConfig.DEFAULT_PROBE_TIMEOUT) < 0 ? connectionTimeout
                : StorageConfig.DEFAULT_PROBE_TIMEOUT;
        return new Database(name, endpoint, jdbcUrl, connectionTimeout, probe);
    }

    public String name() {
        return name;
    }

    public EndpointConfig endpoint() {
        return endpoint;
    }

    /** The JDBC driver this endpoint uses. */
    public Dialect dialect() {
        return dialect;
    }

    /** The migration set this endpoint's schema comes from (H2 in MSSQLServer mode: SQL Server's). */
    public Dialect schemaDialect() {
        return schema;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * What an acknowledged commit on this endpoint survives (see {@link DurableCommits}); empty until
     * {@link #migrate()} has checked it.
     */
    public Optional<String> durability() {
        return Optional.ofNullable(durability);
    }

    /**
     * Brings the schema to the newest version and makes commits durable ({@link DurableCommits});
     * safe to call on every start.
     */
    public void migrate() {
        try {
            var result = Flyway.configure(getClass().getClassLoader())
                    .dataSource(dataSource)
                    .locations(schema.migrationLocation())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                log.info("{}: schema migrated to version {} ({} migrations)", name, result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof SQLException)) {
                cause = cause.getCause();
            }
            if (cause instanceof SQLException sql && isConnectionLost(sql)) {
                throw new StorageUnavailableException(name + ": cannot migrate, database unreachable: " + sql.getMessage(), e);
            }
            throw new StorageException(name + ": schema migration failed: " + e.getMessage(), e);
        }
        String durable = inTransaction(connection -> DurableCommits.ensure(this, connection));
        if (!durable.equals(durability)) {
            durability = durable;
            log.info("{}: {}", name, durable);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        admit();
        return run(dataSource, work);
    }

    /**
     * As {@link #inTransaction}, on the small pool of the pool's own checks: waits at most the
     * probe timeout for a connection. A failure makes the endpoint suspect, a success clears it.
     */
    public <T> T inControlTransaction(SqlWork<T> work) {
        // found down less than a probe timeout ago: a check now would wait that long for the same answer
        refuseIfFoundDownWithin(probeTimeoutNanos);
        T result = run(control, work);
        suspect = false;
        return result;
    }

    /** Suspect: check it (at most the probe timeout, not again within twice that), and refuse at once while it is down. */
    private void admit() {
        if (!suspect) {
            return;
        }
        refuseIfFoundDownWithin(2 * probeTimeoutNanos);
        if (!isReachable()) {
            throw new StorageUnavailableException(name + ": does not answer within " + probeTimeoutNanos / 1_000_000 + " ms",
                    null);
        }
    }

    /** Refuses at once when a check found the endpoint down less than {@code windowNanos} ago. */
    private void refuseIfFoundDownWithin(long windowNanos) {
        long since = System.nanoTime() - lastFailedCheck;
        if (suspect && since < windowNanos) {
            throw new StorageUnavailableException(name + ": does not answer (checked " + since / 1_000_000 + " ms ago)", null);
        }
    }

    private void markDown() {
        lastFailedCheck = System.nanoTime();
        suspect = true;
    }

    /**
     * A connection from {@code pool}. Work's pool is waited for in slices, up to the connection
     * timeout while it is merely busy, but not once no connection can be made (the slice failed
     * with a cause) or a check found the endpoint down meanwhile: a node about to follow a new
     * writer does not keep its log waiting on a server that is gone.
     */
    private Connection connect(HikariDataSource pool) throws SQLException {
        if (pool == control) {
            return pool.getConnection();
        }
        long deadline = System.nanoTime() + connectionTimeoutNanos;
        long checkedBefore = lastFailedCheck;
        while (true) {
            try {
                return pool.getConnection();
            } catch (SQLTransientConnectionException e) {
                boolean foundDown = suspect && lastFailedCheck != checkedBefore;
                if (e.getCause() != null || foundDown || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
            }
        }
    }

    private <T> T run(HikariDataSource pool, SqlWork<T> work) {
        Connection connection;
        try {
            connection = connect(pool);
        } catch (SQLException e) {
            StorageException failure = translate("cannot get a connection", e);
            if (failure instanceof StorageUnavailableException && (pool == control || e.getCause() != null)) {
                // no connection could be made: a check's small pool is never busy for long, and normal work's
                // pool merely busy under load fails without a cause
                markDown();
            }
            throw failure;
        }
        try (connection) {
            try {
                T result = work.run(connection);
                try {
                    connection.commit();
                } catch (SQLException e) {
                    if (isConnectionLost(e)) {
                        // the commit was sent and its answer lost: it may have been stored
                        pool.evictConnection(connection);
                        evictConnections();
                        markDown();
                        throw new OutcomeUnknownException(name + ": the connection was lost during a"
                                + " commit, which may or may not have been stored: " + e.getMessage(), e);
                    }
                    throw e;
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                if (e instanceof SQLException sql) {
                    StorageException failure = translate("transaction failed", sql);
                    if (failure instanceof StorageUnavailableException) {
                        // The server went away: every pooled connection to it is dead. Hikari evicts
                        // only on SQLState 08 (not H2's 90121 "database closed"), and lazily.
                        pool.evictConnection(connection);
                        evictConnections();
                        if (isConnectionLost(sql)) {
                            markDown();
                        }
                    }
                    throw failure;
                }
                throw (RuntimeException) e;
            }
        } catch (SQLException e) {
            throw translate("closing a connection failed", e);
        }
    }

    /**
     * Runs {@code work} in one transaction that first checks, and locks, the pool record at
     * {@code epoch}. A write under another epoch, or on an endpoint whose pool state is
     * {@code RETIRED} (the pool moved away from it), is refused with {@link FencedWriteException} and
     * nothing is written; a failover that raises the epoch waits for the lock, so no write made
     * under the old epoch can commit after it.
     */
    public <T> T inFencedTransaction(long epoch, SqlWork<T> work) {
        return inTransaction(connection -> {
            checkEpoch(connection, epoch);
            return work.run(connection);
        });
    }

    /**
     * As {@link #inFencedTransaction} for a change to anything but the message log: also counts
     * the change in {@code pool_state.metadata_version}, which tells replication there is
     * metadata to ship.
     */
    public <T> T inMetadataTransaction(long epoch, SqlWork<T> work) {
        return inTransaction(connection -> {
            checkEpoch(connection, epoch, true);
            return work.run(connection);
        });
    }

    /** As {@link #inFencedTransaction}, on the small pool of the pool's own checks (lease renewals). */
    public <T> T inFencedControlTransaction(long epoch, SqlWork<T> work) {
        return inControlTransaction(connection -> {
            checkEpoch(connection, epoch);
            return work.run(connection);
        });
    }

    /** The fence itself, for callers that already hold a transaction. */
    public static void checkEpoch(Connection connection, long epoch) throws SQLException {
        checkEpoch(connection, epoch, false);
    }

    private static void checkEpoch(Connection connection, long epoch, boolean metadataChange) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(metadataChange
                ? "UPDATE pool_state SET metadata_version = metadata_version + 1 WHERE id = 1 AND epoch = ? AND state <> 'RETIRED'"
                : "UPDATE pool_state SET epoch = epoch WHERE id = 1 AND epoch = ? AND state <> 'RETIRED'")) {
            lock.setLong(1, epoch);
            if (lock.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT epoch, state FROM pool_state WHERE id = 1");
                ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new StorageException("pool_state has no row: the schema was not migrated");
            }
            throw new FencedWriteException(epoch, rs.getLong(1), "RETIRED".equals(rs.getString(2)));
        }
    }

    /** The pool epoch as this endpoint knows it. */
    public static long readEpoch(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT epoch FROM pool_state WHERE id = 1");
                ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new StorageException("pool_state has no row: the schema was not migrated");
            }
            return rs.getLong(1);
        }
    }

    public long epoch() {
        return inTransaction(Database::readEpoch);
    }

    /**
     * Whether the server's port refuses TCP connections: nothing listens there, so its server
     * process is gone (not merely slow, busy or cut off, which time out instead). One plain connect,
     * at most the probe timeout; false when it connects, times out, or the URL names no server
     * (an embedded database). The pool takes a refusing primary over sooner than a silent one.
     */
    public boolean refusesConnections() {
        if (server.isEmpty()) {
            return false;
        }
        InetSocketAddress address = new InetSocketAddress(server.get().getHostString(), server.get().getPort());
        if (address.isUnresolved()) {
            return false; // no address for its name: not a sign the server is gone
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) Math.max(1, probeTimeoutNanos / 1_000_000));
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a connection can be had and answers within the probe timeout (clears or sets the suspicion). */
    public boolean isReachable() {
        try (Connection connection = control.getConnection()) {
            boolean valid = connection.isValid((int) Math.max(1, control.getValidationTimeout() / 1000));
            if (valid) {
                suspect = false;
            } else {
                markDown();
            }
            return valid;
        } catch (SQLException e) {
            markDown();
            return false;
        }
    }

    /** Connections in use and in the pool: for metrics. */
    public int activeConnections() {
        var pool = dataSource.getHikariPoolMXBean();
        return pool == null ? 0 : pool.getActiveConnections();
    }

    /** Drops pooled connections, e.g. after the server behind them was restarted or replaced. */
    public void evictConnections() {
        for (HikariDataSource source : new HikariDataSource[] {dataSource, control}) {
            var pool = source.getHikariPoolMXBean();
            if (pool != null) {
                pool.softEvictConnections();
            }
        }
    }

    @Override
    public void close() {
        if (!dataSource.isClosed()) {
            control.close();
            dataSource.close();
            log.info("{}: connection pool closed", name);
        }
    }

    @Override
    public String toString() {
        return name + " " + endpoint;
    }

    /** A StorageException for {@code e}: unavailable when the server is gone, plain otherwise. */
    public StorageException translate(String what, SQLException e) {
        String message = name + ": " + what + ": " + e.getMessage();
        if (isConnectionLost(e) || isRetryable(e)) {
            return new StorageUnavailableException(message, e);
        }
        return new StorageException(message, e);
    }

    /**
     * Whether {@code e} is a refusal worth retrying later with nothing committed: a lock or query
     * timeout, a deadlock or serialization victim. Reported like an unreachable server (503,
     * the client resends).
     */
    public static boolean isRetryable(SQLException e) {
        for (SQLException cur = e; cur != null; cur = cur.getNextException()) {
            if (cur instanceof SQLTimeoutException || cur instanceof SQLTransientException) {
                return true;
            }
            String state = cur.getSQLState();
            if (state != null && (state.equals("40001") || state.equals("40P01") || state.equals("55P03")
                    || state.equals("57014") || state.equals("HYT00"))) {
                return true;
            }
            int code = cur.getErrorCode();
            if (code == H2_LOCK_TIMEOUT || code == H2_DEADLOCK || code == SQLSERVER_DEADLOCK || code == SQLSERVER_LOCK_TIMEOUT) {
                return true;
            }
        }
        return false;
    }

    private static final int H2_LOCK_TIMEOUT = 50200;
    private static final int H2_DEADLOCK = 40001;
    private static final int SQLSERVER_DEADLOCK = 1205;
    private static final int SQLSERVER_LOCK_TIMEOUT = 1222;

    /** Whether {@code e} says the server cannot be reached or the connection died. */
    public static boolean isConnectionLost(SQLException e) {
        for (SQLException cur = e; cur != null; cur = cur.getNextException()) {
            if (cur instanceof SQLTransientConnectionException || cur instanceof SQLNonTransientConnectionException
                    || cur instanceof SQLRecoverableException) {
                return true;
            }
            String state = cur.getSQLState();
            if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                return true;
            }
            if (H2_CONNECTION_LOST.contains(cur.getErrorCode())) {
                return true;
            }
            if (cur.getCause() instanceof SQLException nested && nested != cur) {
                return isConnectionLost(nested);
            }
            if (cur.getCause() instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is likely dead; Hikari evicts it on close.
        }
    }
}
