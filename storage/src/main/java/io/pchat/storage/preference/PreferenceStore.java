package io.pchat.storage.preference;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

import io.pchat.storage.Principals;
import io.pchat.storage.StorageException;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.pool.PoolEpoch;

/**
 * Per-user preferences, written with optimistic concurrency. Invariant: a stored revision only
 * ever grows by one, and only through a {@link #put} that named the revision it replaced
 * (0 for "none yet"), checked and changed in one conditional statement.
 *
 * <p>Blocking: JDBC on the caller's thread; call it from storage threads, never an event loop.
 */
public final class PreferenceStore {
    private final Endpoints endpoints;
    private final PoolEpoch epoch;

    public PreferenceStore(Endpoints endpoints, PoolEpoch epoch) {
        this.endpoints = endpoints;
        this.epoch = epoch;
    }

    public Optional<Preference> get(String user, String label) {
        String u = Principals.user(user);
        Objects.requireNonNull(label, "label");
        return endpoints.read(c -> Jdbc.one(c, "SELECT revision, content FROM preference WHERE user_uri = ? AND label = ?",
                rs -> new Preference(u, label, rs.getLong(1), rs.getBytes(2)), u, label));
    }

    /**
     * Stores {@code content} if the preference is at {@code expectedRevision} (0: not stored yet),
     * at {@code expectedRevision + 1}; otherwise stores nothing and answers
     * {@link PreferenceWrite.Stale} with the revision there is.
     */
    public PreferenceWrite put(String user, String label, long expectedRevision, byte[] content) {
        String u = Principals.user(user);
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(content, "content");
        if (expectedRevision < 0) {
            throw new IllegalArgumentException("revision must not be negative, was " + expectedRevision);
        }
        try {
            return endpoints.writeMetadata(epoch.current(), c -> put(c, u, label, expectedRevision, content));
        } catch (StorageException e) {
            // A concurrent first write won the insert: this one is stale by definition.
            if (e.getCause() instanceof SQLException sql && Jdbc.isUniqueViolation(sql)) {
                return new PreferenceWrite.Stale(get(u, label).map(Preference::revision).orElse(0L));
            }
            throw e;
        }
    }

    private static PreferenceWrite put(Connection c, String u, String label, long expected, byte[] content)
            throws SQLException {
        int changed = expected == 0
                ? Jdbc.update(c, "INSERT INTO preference (user_uri, label, revision, content) SELECT ?, ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM preference WHERE user_uri = ? AND label = ?)",
                        u, label, 1L, content, u, label)
                : Jdbc.update(c, "UPDATE preference SET revision = revision + 1, content = ?"
                        + " WHERE user_uri = ? AND label = ? AND revision = ?", content, u, label, expected);
        if (changed == 1) {
            return new PreferenceWrite.Stored(expected + 1);
        }
        return new PreferenceWrite.Stale(Jdbc.number(c,
                "SELECT revision FROM preference WHERE user_uri = ? AND label = ?", u, label));
    }

    /** Removes a preference; false when there was none. */
    public boolean delete(String user, String label) {
        String u = Principals.user(user);
        return endpoints.writeMetadata(epoch.current(),
                c -> Jdbc.update(c, "DELETE FROM preference WHERE user_uri = ? AND label = ?", u, label) == 1);
    }
}
