package io.pchat.storage.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.pchat.storage.DuplicateNameException;
import io.pchat.storage.NotFoundException;
import io.pchat.storage.Principals;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.db.SqlTime;
import io.pchat.storage.pool.PoolEpoch;

/**
 * The user directory. Invariant: a password is never stored, only its HA1 for each
 * {@link DigestAlgorithm}, both computed from the same password and realm. URIs are keys in
 * lower case.
 *
 * <p>The digest username is the URI without its {@code sip:} scheme ({@code alice@example.com}),
 * unambiguous across domains; {@link #digestUsername} is the one place that says so.
 *
 * <p>Blocking: JDBC on the caller's thread; call it from storage threads, never an event loop.
 */
public final class UserStore {
    private static final String COLUMNS = "uri, display_name, enabled, realm, created_at";

    private final Endpoints endpoints;
    private final PoolEpoch epoch;
    private final Clock clock;

    public UserStore(Endpoints endpoints, PoolEpoch epoch, Clock clock) {
        this.endpoints = endpoints;
        this.epoch = epoch;
        this.clock = clock;
    }

    /** The username a client puts in its Digest {@code Authorization} for this user URI. */
    public static String digestUsername(String uri) {
        return Principals.user(uri).substring("sip:".length());
    }

    /** Adds a user without credentials; a URI already present is refused with {@link DuplicateNameException}. */
    public User add(String uri, String displayName, boolean enabled) {
        String u = Principals.user(uri);
        String name = Objects.requireNonNullElse(displayName, "");
        endpoints.writeMetadata(epoch.current(), c -> {
            int added;
            try {
                added = Jdbc.update(c, "INSERT INTO chat_user (uri, display_name, enabled, created_at) SELECT ?, ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM chat_user WHERE uri = ?)", u, name, enabled, clock.instant(), u);
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    added = 0;
                } else {
                    throw e;
                }
            }
            if (added == 0) {
                throw new DuplicateNameException("user", u);
            }
            return null;
        });
        return get(u).orElseThrow(() -> new NotFoundException("user", u));
    }

    public Optional<User> get(String uri) {
        String u = Principals.user(uri);
        return endpoints.read(c -> Jdbc.one(c, "SELECT " + COLUMNS + " FROM chat_user WHERE uri = ?", UserStore::map, u));
    }

    /** Users by URI after {@code afterUri} (empty for the start), at most {@code limit}: page with the last URI. */
    public List<User> list(String afterUri, int limit) {
        String after = afterUri == null ? "" : afterUri.toLowerCase(Locale.ROOT);
        if (limit <= 0) {
            return List.of(); // SQL Server refuses FETCH NEXT 0 ROWS
        }
        return endpoints.read(c -> Jdbc.list(c, "SELECT " + COLUMNS + " FROM chat_user WHERE uri > ? ORDER BY uri"
                + " OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", UserStore::map, after, limit));
    }

    public void setEnabled(String uri, boolean enabled) {
        String u = Principals.user(uri);
        change(u, "UPDATE chat_user SET enabled = ? WHERE uri = ?", enabled, u);
    }

    public void setDisplayName(String uri, String displayName) {
        String u = Principals.user(uri);
        change(u, "UPDATE chat_user SET display_name = ? WHERE uri = ?", Objects.requireNonNullElse(displayName, ""), u);
    }

    /** Stores the HA1 of {@code password} for every algorithm, for {@code realm}; the password is not kept. */
    public void setPassword(String uri, String realm, String password) {
        String u = Principals.user(uri);
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(password, "password");
        String username = digestUsername(u);
        change(u, "UPDATE chat_user SET realm = ?, ha1_md5 = ?, ha1_sha256 = ? WHERE uri = ?", realm,
                DigestAlgorithm.MD5.ha1(username, realm, password),
                DigestAlgorithm.SHA_256.ha1(username, realm, password), u);
    }

    /** Forgets the user's credentials: Digest authentication fails for them until a new password is set. */
    public void clearPassword(String uri) {
        String u = Principals.user(uri);
        change(u, "UPDATE chat_user SET realm = ?, ha1_md5 = ?, ha1_sha256 = ? WHERE uri = ?", Jdbc.NULL_STRING,
                Jdbc.NULL_STRING, Jdbc.NULL_STRING, u);
    }

    /** The stored HA1 for {@code algorithm}; empty for an unknown user or one without a password. */
    public Optional<Ha1> ha1(String uri, DigestAlgorithm algorithm) {
        String u = Principals.user(uri);
        String column = algorithm == DigestAlgorithm.MD5 ? "ha1_md5" : "ha1_sha256";
        return endpoints.read(c -> Jdbc.one(c, "SELECT realm, " + column + " FROM chat_user WHERE uri = ?",
                rs -> rs.getString(2) == null ? null : new Ha1(digestUsername(u), rs.getString(1), algorithm, rs.getString(2)),
                u));
    }

    /**
     * Deletes a user with their preferences and invitations; false when absent. Their room roles
     * stay (they are room data, changed through the room store, which keeps the access cache right).
     */
    public boolean delete(String uri) {
        String u = Principals.user(uri);
        return endpoints.writeMetadata(epoch.current(), c -> {
            Jdbc.update(c, "DELETE FROM preference WHERE user_uri = ?", u);
            Jdbc.update(c, "DELETE FROM invitation WHERE user_uri = ?", u);
            return Jdbc.update(c, "DELETE FROM chat_user WHERE uri = ?", u) == 1;
        });
    }

    private void change(String uri, String sql, Object... params) {
        endpoints.writeMetadata(epoch.current(), c -> {
            if (Jdbc.update(c, sql, params) == 0) {
                throw new NotFoundException("user", uri);
            }
            return null;
        });
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(rs.getString("uri"), rs.getString("display_name"), rs.getBoolean("enabled"),
                Optional.ofNullable(rs.getString("realm")), SqlTime.get(rs, "created_at"));
    }
}
