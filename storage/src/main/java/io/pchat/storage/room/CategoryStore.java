package io.pchat.storage.room;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.pchat.storage.DuplicateNameException;
import io.pchat.storage.NotFoundException;
import io.pchat.storage.Principals;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.db.SqlTime;
import io.pchat.storage.pool.PoolEpoch;

/**
 * Categories: one root, created once by {@link #ensureRoot}, and flat categories under it. Names
 * are unique case-insensitively (the {@code name_key} column holds the lower-cased name).
 * Every change is a fenced metadata write and invalidates the cached category and all access
 * decisions.
 *
 * <p>Blocking: every method runs JDBC on the caller's thread. Call it from storage threads,
 * never from a Netty event loop.
 */
public final class CategoryStore {
    private static final String COLUMNS =
            "id, name, description, is_root, invitations, file_upload, logged, created_at";

    private final Endpoints endpoints;
    private final PoolEpoch epoch;
    private final MetadataCache cache;
    private final Clock clock;

    CategoryStore(Endpoints endpoints, PoolEpoch epoch, MetadataCache cache, Clock clock) {
        this.endpoints = endpoints;
        this.epoch = epoch;
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * The root category, created on first call (named after {@code domain}, everyone in scope,
     * invitations, file upload and history on). Later calls return the existing root unchanged.
     */
    public Category ensureRoot(String domain) {
        String name = RoomSpec.checkName(domain, "root category");
        String id = endpoints.writeMetadata(epoch.current(), c -> {
            Optional<String> existing = rootId(c);
            if (existing.isPresent()) {
                return existing.get();
            }
            String newId = UUID.randomUUID().toString();
            insert(c, newId, new CategorySettings(name, "The root category", true, true, true), true);
            return newId;
        });
        cache.categoryChanged(id);
        return get(id).orElseThrow(() -> new NotFoundException("category", id));
    }

    /** The root category, if {@link #ensureRoot} ran. */
    public Optional<Category> root() {
        return endpoints.read(CategoryStore::rootId).flatMap(this::get);
    }

    /** Creates a category with empty principal lists; a taken name is refused. */
    public Category create(CategorySettings settings) {
        String id = UUID.randomUUID().toString();
        try {
            endpoints.writeMetadata(epoch.current(), c -> insert(c, id, settings, false));
        } finally {
            cache.categoryChanged(id);
        }
        return get(id).orElseThrow(() -> new NotFoundException("category", id));
    }

    /** Replaces the settings of a category; a name taken by another category is refused. */
    public Category update(String id, CategorySettings settings) {
        try {
            endpoints.writeMetadata(epoch.current(), c -> {
                checkNameFree(c, settings.name(), id);
                int changed;
                try {
                    changed = Jdbc.update(c, "UPDATE category SET name = ?, name_key = ?, description = ?, invitations = ?,"
                            + " file_upload = ?, logged = ? WHERE id = ?", settings.name(), key(settings.name()),
                            settings.description(), settings.invitations(), settings.fileUpload(), settings.logged(), id);
                } catch (SQLException e) {
                    throw duplicateOr(e, settings.name());
                }
                if (changed == 0) {
                    throw new NotFoundException("category", id);
                }
                return null;
            });
        } finally {
            cache.categoryChanged(id);
        }
        return get(id).orElseThrow(() -> new NotFoundException("category", id));
    }

    public Optional<Category> get(String id) {
        return cache.category(id, this::load);
    }

    /** Every category, the root first, then by name. */
    public List<Category> list() {
        return endpoints.read(c -> {
            Map<String, Map<CategoryPrincipalKind, Set<String>>> principals = new HashMap<>();
            for (String[] row : Jdbc.list(c, "SELECT category_id, kind, principal FROM category_principal",
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})) {
                principals.computeIfAbsent(row[0], k -> new HashMap<>())
                        .computeIfAbsent(CategoryPrincipalKind.valueOf(row[1]), k -> new HashSet<>()).add(row[2]);
            }
            return Jdbc.list(c, "SELECT " + COLUMNS + " FROM category ORDER BY is_root DESC, name_key",
                    rs -> map(rs, principals.getOrDefault(rs.getString("id"), Map.of())));
        });
    }

    /**
     * Deletes a category and its principal lists. Refused for the root
     * ({@link IllegalArgumentException}) and for a category that holds rooms
     * ({@link CategoryNotEmptyException}). Returns false when there was no such category.
     */
    public boolean delete(String id) {
        try {
            return endpoints.writeMetadata(epoch.current(), c -> {
                Optional<Boolean> root = Jdbc.one(c, "SELECT is_root FROM category WHERE id = ?", rs -> rs.getBoolean(1), id);
                if (root.isEmpty()) {
                    return false;
                }
                if (root.get()) {
                    throw new IllegalArgumentException("the root category cannot be deleted");
                }
                long rooms = Jdbc.number(c, "SELECT COUNT(*) FROM room WHERE category_id = ?", id);
                if (rooms > 0) {
                    throw new CategoryNotEmptyException(id, rooms);
                }
                Jdbc.update(c, "DELETE FROM category_principal WHERE category_id = ?", id);
                return Jdbc.update(c, "DELETE FROM category WHERE id = ?", id) == 1;
            });
        } finally {
            cache.categoryChanged(id);
        }
    }

    /** Adds a user or {@code @domain} to one of the lists; false when it was there already. */
    public boolean addPrincipal(String id, CategoryPrincipalKind kind, String principal) {
        String p = Principals.normalise(principal);
        try {
            return endpoints.writeMetadata(epoch.current(), c -> {
                if (Jdbc.number(c, "SELECT COUNT(*) FROM category WHERE id = ?", id) == 0) {
                    throw new NotFoundException("category", id);
                }
                return Jdbc.update(c, "INSERT INTO category_principal (category_id, kind, principal) SELECT ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM category_principal WHERE category_id = ? AND kind = ?"
                        + " AND principal = ?)", id, kind, p, id, kind, p) == 1;
            });
        } finally {
            cache.categoryChanged(id);
        }
    }

    /** Removes a user or {@code @domain} from one of the lists; false when it was not there. */
    public boolean removePrincipal(String id, CategoryPrincipalKind kind, String principal) {
        String p = Principals.normalise(principal);
        try {
            return endpoints.writeMetadata(epoch.current(), c -> Jdbc.update(c,
                    "DELETE FROM category_principal WHERE category_id = ? AND kind = ? AND principal = ?", id, kind, p) == 1);
        } finally {
            cache.categoryChanged(id);
        }
    }

    private Category load(String id) {
        return endpoints.read(c -> read(c, id).orElse(null));
    }

    /** A category read inside the caller's transaction, bypassing the cache. */
    static Optional<Category> read(Connection c, String id) throws SQLException {
        Map<CategoryPrincipalKind, Set<String>> principals = new HashMap<>();
        for (String[] row : Jdbc.list(c, "SELECT kind, principal FROM category_principal WHERE category_id = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, id)) {
            principals.computeIfAbsent(CategoryPrincipalKind.valueOf(row[0]), k -> new HashSet<>()).add(row[1]);
        }
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM category WHERE id = ?", rs -> map(rs, principals), id);
    }

    private int insert(Connection c, String id, CategorySettings s, boolean root) throws SQLException {
        checkNameFree(c, s.name(), id);
        try {
            return Jdbc.update(c, "INSERT INTO category (" + COLUMNS + ", name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, s.name(), s.description(), root, s.invitations(), s.fileUpload(), s.logged(), clock.instant(),
                    key(s.name()));
        } catch (SQLException e) {
            throw duplicateOr(e, s.name());
        }
    }

    private static void checkNameFree(Connection c, String name, String exceptId) throws SQLException {
        if (Jdbc.number(c, "SELECT COUNT(*) FROM category WHERE name_key = ? AND id <> ?", key(name), exceptId) > 0) {
            throw new DuplicateNameException("category", name);
        }
    }

    private static Optional<String> rootId(Connection c) throws SQLException {
        return Jdbc.one(c, "SELECT id FROM category WHERE is_root = ? ORDER BY created_at, id"
                + " OFFSET 0 ROWS FETCH NEXT 1 ROWS ONLY", rs -> rs.getString(1), true);
    }

    private static Category map(ResultSet rs, Map<CategoryPrincipalKind, Set<String>> principals) throws SQLException {
        return new Category(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                rs.getBoolean("is_root"), rs.getBoolean("invitations"), rs.getBoolean("file_upload"),
                rs.getBoolean("logged"), principals.getOrDefault(CategoryPrincipalKind.ALLOWED, Set.of()),
                principals.getOrDefault(CategoryPrincipalKind.DENIED, Set.of()),
                principals.getOrDefault(CategoryPrincipalKind.CREATOR, Set.of()),
                SqlTime.get(rs, "created_at"));
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** A unique violation on insert (a concurrent writer took the name) as a DuplicateNameException. */
    static SQLException duplicateOr(SQLException e, String name) {
        if (Jdbc.isUniqueViolation(e)) {
            throw new DuplicateNameException("name", name);
        }
        return e;
    }
}
