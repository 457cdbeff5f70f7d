package io.pchat.storage.invitation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.pchat.storage.NotFoundException;
import io.pchat.storage.Principals;
import io.pchat.storage.StorageException;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.db.SqlTime;
import io.pchat.storage.pool.PoolEpoch;

/**
 * Invitations per user. Invariant: a user's invite ids strictly increase in the order the
 * invitations were made: each is MAX+1 for the user, computed in the inserting transaction; the
 * (user, id) key refuses a concurrent duplicate, and the insert is retried with a fresh MAX.
 * Invitations are normally made by {@code RoomStore.addRole} in its own transaction.
 *
 * <p>Blocking: JDBC on the caller's thread; call it from storage threads, never an event loop.
 */
public final class InvitationStore {
    private static final int ATTEMPTS = 3;

    private final Endpoints endpoints;
    private final PoolEpoch epoch;
    private final Clock clock;

    public InvitationStore(Endpoints endpoints, PoolEpoch epoch, Clock clock) {
        this.endpoints = endpoints;
        this.epoch = epoch;
        this.clock = clock;
    }

    /** Invites a user to a room outside of a role change (e.g. an explicit re-invitation). */
    public Invitation invite(String user, String roomId, String inviter) {
        String u = Principals.user(user);
        String by = Principals.normalise(inviter);
        String room = roomId.strip().toLowerCase(Locale.ROOT);
        for (int attempt = 1;; attempt++) {
            try {
                return endpoints.writeMetadata(epoch.current(), c -> {
                    if (Jdbc.number(c, "SELECT COUNT(*) FROM room WHERE id = ?", room) == 0) {
                        throw new NotFoundException("room", room);
                    }
                    return insert(c, u, room, by, clock.instant());
                });
            } catch (StorageException e) {
                if (attempt >= ATTEMPTS || !(e.getCause() instanceof SQLException sql) || !Jdbc.isUniqueViolation(sql)) {
                    throw e;
                }
            }
        }
    }

    /** The user's invitations with an id above {@code inviteId}, oldest first, at most {@code limit}. */
    public List<Invitation> newerThan(String user, long inviteId, int limit) {
        String u = Principals.user(user);
        return endpoints.read(c -> Jdbc.list(c, "SELECT user_uri, invite_id, room_id, inviter, created_at FROM invitation"
                + " WHERE user_uri = ? AND invite_id > ? ORDER BY invite_id OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                rs -> new Invitation(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        SqlTime.get(rs, "created_at")), u, inviteId, limit));
    }

    /** The highest invite id the user has (0 for none). */
    public long latestId(String user) {
        String u = Principals.user(user);
        return endpoints.read(c -> Jdbc.number(c, "SELECT MAX(invite_id) FROM invitation WHERE user_uri = ?", u));
    }

    /**
     * Inserts the user's next invitation inside the caller's (fenced) transaction. A concurrent
     * writer that took the same id makes this throw a unique violation: retry the transaction.
     */
    public static Invitation insert(Connection c, String user, String roomId, String inviter, Instant now)
            throws SQLException {
        long next = Jdbc.number(c, "SELECT MAX(invite_id) FROM invitation WHERE user_uri = ?", user) + 1;
        Instant at = SqlTime.truncate(now);
        Jdbc.update(c, "INSERT INTO invitation (user_uri, invite_id, room_id, inviter, created_at) VALUES (?, ?, ?, ?, ?)",
                user, next, roomId, inviter, at);
        return new Invitation(user, next, roomId, inviter, at);
    }
}
