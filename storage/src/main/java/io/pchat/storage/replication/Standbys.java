package io.pchat.storage.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pchat.storage.StorageException;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.Jdbc;

/**
 * What pchat does to and asks of a PostgreSQL standby itself (external replication): promote it,
 * check that it streams from a given server, wait until it has replayed everything that server
 * wrote. A standby is matched to its sending server by the {@code application_name} of its
 * {@code primary_conninfo}, as {@code synchronous_standby_names} matches it.
 */
final class Standbys {
    /** How long a promotion may take before it counts as failed. */
    private static final Duration PROMOTE_WAIT = Duration.ofSeconds(60);
    /** A standby without application_name in its conninfo connects as this (PostgreSQL's default). */
    private static final String DEFAULT_APPLICATION_NAME = "walreceiver";
    private static final Pattern APPLICATION_NAME = Pattern.compile("application_name=(\\S+)");

    /** A standby as its sending server sees it. */
    record Streaming(String applicationName, String syncState, long replayBehindBytes) {
        boolean synchronous() {
            return syncState.equals("sync") || syncState.equals("quorum");
        }

        @Override
        public String toString() {
            return "'" + applicationName + "', " + syncState + ", replay " + replayBehindBytes + " bytes behind";
        }
    }

    private Standbys() {
    }

    /**
     * {@code pg_promote()}, then waits until the standby takes writes; fails when it does not
     * within a minute. The wait is short polls, not {@code pg_promote}'s own: a statement waiting
     * on a standby holds a snapshot, which holds back the replay of cleanup records, which the
     * promotion waits for (until {@code max_standby_streaming_delay} cancels the statement).
     */
    static void promote(Database standby) {
        boolean signalled = standby.inControlTransaction(c -> Jdbc.one(c, "SELECT pg_promote(false) AS p",
                rs -> rs.getBoolean("p")).orElse(false));
        if (!signalled) {
            throw new StorageException(standby.name() + " could not be told to promote (pg_promote returned false)");
        }
        long deadline = System.nanoTime() + PROMOTE_WAIT.toNanos();
        while (standby.inControlTransaction(c -> Jdbc.one(c, "SELECT pg_is_in_recovery() AS r", rs -> rs.getBoolean("r"))
                .orElse(true))) {
            if (System.nanoTime() - deadline > 0) {
                throw new StorageException(standby.name() + " was not promoted within " + PROMOTE_WAIT.toSeconds() + " s");
            }
            pause(standby);
        }
    }

    /**
     * How {@code upstream} sees {@code standby}: the standby must be in recovery and streaming, and
     * {@code upstream} must list it among the standbys it sends to. Fails with what is wrong and
     * what the operator does about it.
     */
    static Streaming streamingFrom(Database standby, Database upstream) {
        String name = standby.inControlTransaction(c -> {
            if (!Jdbc.one(c, "SELECT pg_is_in_recovery() AS r", rs -> rs.getBoolean("r")).orElse(false)) {
                throw new StorageException(standby.name() + " is not a standby (it takes writes): make it a standby of "
                        + upstream.name() + " (a base backup of it, standby.signal and primary_conninfo) first");
            }
            try (PreparedStatement s = c.prepareStatement("SELECT status, conninfo FROM pg_stat_wal_receiver");
                    ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !"streaming".equals(rs.getString(1))) {
                    throw new StorageException(standby.name() + " is a standby but does not stream from any server"
                            + " (check its primary_conninfo and its log)");
                }
                return applicationName(rs.getString(2));
            }
        });
        Streaming seen = upstream.inControlTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT sync_state, pg_wal_lsn_diff(pg_current_wal_flush_lsn(),"
                    + " replay_lsn) FROM pg_stat_replication WHERE application_name = ? AND state = 'streaming'")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? new Streaming(name, rs.getString(1), rs.getLong(2)) : null;
                }
            }
        });
        if (seen == null) {
            throw new StorageException(standby.name() + " streams as '" + name + "', but not from " + upstream.name()
                    + ": its primary_conninfo must name " + upstream.name());
        }
        return seen;
    }

    /**
     * Waits until {@code standby} has replayed everything {@code upstream} had flushed when this
     * was called; fails after {@code timeout} saying how far behind it still is.
     */
    static void awaitReplayed(Database standby, Database upstream, Duration timeout) {
        String target = upstream.inControlTransaction(c -> Jdbc.one(c, "SELECT pg_current_wal_flush_lsn()::text AS lsn",
                rs -> rs.getString("lsn")).orElseThrow());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long behind = standby.inControlTransaction(c -> replayBehind(c, target));
            if (behind <= 0) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StorageException(standby.name() + " has not replayed " + upstream.name() + "'s WAL up to " + target
                        + " within " + timeout.toMillis() + " ms (" + behind + " bytes behind)");
            }
            pause(standby);
        }
    }

    private static void pause(Database standby) {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for " + standby.name(), e);
        }
    }

    private static long replayBehind(Connection c, String target) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT pg_wal_lsn_diff(?::pg_lsn, COALESCE(pg_last_wal_replay_lsn(), '0/0'::pg_lsn))")) {
            s.setString(1, target);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String applicationName(String conninfo) {
        Matcher m = APPLICATION_NAME.matcher(conninfo == null ? "" : conninfo);
        return m.find() ? m.group(1) : DEFAULT_APPLICATION_NAME;
    }
}
