package io.pchat.storage.room;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.pchat.storage.DuplicateNameException;
import io.pchat.storage.NotFoundException;
import io.pchat.storage.Principals;
import io.pchat.storage.StorageException;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.db.SqlTime;
import io.pchat.storage.invitation.Invitation;
import io.pchat.storage.invitation.InvitationStore;
import io.pchat.storage.pool.PoolEpoch;

/**
 * Rooms and their roles. Invariants kept here: room names are unique case-insensitively
 * ({@code name_key}); a manager is always a member (adding a manager adds the member row,
 * removing a member removes the manager row); a user who becomes a member of a room whose
 * effective invitations setting is on gets an invitation in the same transaction.
 *
 * <p>Every change is a fenced metadata write and invalidates the cached room and all access
 * decisions. Listings that answer a user (search, associations) hold only rooms that user may see.
 *
 * <p>Blocking: every method runs JDBC on the caller's thread. Call it from storage threads,
 * never from a Netty event loop.
 */
public final class RoomStore {
    private static final String COLUMNS = "id, name, description, topic, category_id, privacy, room_type, disabled,"
            + " addin_url, invitations, file_upload, logged, created_at, updated_at";
    /** Retries of a role change whose invitation id was taken by a concurrent writer. */
    private static final int INVITATION_ATTEMPTS = 3;

    private final Endpoints endpoints;
    private final PoolEpoch epoch;
    private final MetadataCache cache;
    private final CategoryStore categories;
    private final RoomAccess access;
    private final Clock clock;

    RoomStore(Endpoints endpoints, PoolEpoch epoch, MetadataCache cache, CategoryStore categories, RoomAccess access,
            Clock clock) {
        this.endpoints = endpoints;
        this.epoch = epoch;
        this.cache = cache;
        this.categories = categories;
        this.access = access;
        this.clock = clock;
    }

    /** Creates a room with no roles. */
    public Room create(RoomSpec spec) {
        return create(spec, List.of());
    }

    /**
     * Creates a room whose managers (also members) are {@code managers}, in one transaction. A
     * taken name is refused with {@link DuplicateNameException}, an unknown category with
     * {@link NotFoundException}. No invitations are sent to the initial managers.
     */
    public Room create(RoomSpec spec, Collection<String> managers) {
        List<String> normalised = managers.stream().map(Principals::normalise).distinct().toList();
        String id = UUID.randomUUID().toString();
        Instant now = SqlTime.truncate(clock.instant());
        try {
            endpoints.writeMetadata(epoch.current(), c -> {
                checkCategory(c, spec.categoryId());
                checkNameFree(c, spec.name(), id);
                try {
                    Jdbc.update(c, "INSERT INTO room (" + COLUMNS + ", name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            id, spec.name(), spec.description(), spec.topic(), spec.categoryId(), spec.privacy(),
                            spec.type(), spec.disabled(), addin(spec), spec.invitations(), spec.fileUpload(),
                            spec.logged(), now, now, CategoryStore.key(spec.name()));
                } catch (SQLException e) {
                    throw CategoryStore.duplicateOr(e, spec.name());
                }
                for (String manager : normalised) {
                    insertRole(c, id, RoomRole.MEMBER, manager);
                    insertRole(c, id, RoomRole.MANAGER, manager);
                }
                return null;
            });
        } finally {
            cache.roomChanged(id);
        }
        return Room.of(id, spec, now, now);
    }

    /** Replaces a room's properties (moving it to another category too); a taken name is refused. */
    public Room update(String roomId, RoomSpec spec) {
        String id = id(roomId);
        Instant now = SqlTime.truncate(clock.instant());
        try {
            endpoints.writeMetadata(epoch.current(), c -> {
                checkCategory(c, spec.categoryId());
                checkNameFree(c, spec.name(), id);
                int changed;
                try {
                    changed = Jdbc.update(c, "UPDATE room SET name = ?, name_key = ?, description = ?, topic = ?,"
                            + " category_id = ?, privacy = ?, room_type = ?, disabled = ?, addin_url = ?, invitations = ?,"
                            + " file_upload = ?, logged = ?, updated_at = ? WHERE id = ?", spec.name(),
                            CategoryStore.key(spec.name()), spec.description(), spec.topic(), spec.categoryId(),
                            spec.privacy(), spec.type(), spec.disabled(), addin(spec), spec.invitations(),
                            spec.fileUpload(), spec.logged(), now, id);
                } catch (SQLException e) {
                    throw CategoryStore.duplicateOr(e, spec.name());
                }
                if (changed == 0) {
                    throw new NotFoundException("room", id);
                }
                return null;
            });
        } finally {
            cache.roomChanged(id);
        }
        return get(id).orElseThrow(() -> new NotFoundException("room", id));
    }

    /** The room with this id (case-insensitive, as ids on the wire are), from the cache when there. */
    public Optional<Room> get(String id) {
        return cache.room(id(id), this::load);
    }

    /** A room's invitations, file upload and logged settings resolved against its category. */
    public EffectiveSettings effectiveSettings(Room room) {
        Category category = categories.get(room.categoryId())
                .orElseThrow(() -> new NotFoundException("category", room.categoryId()));
        return EffectiveSettings.of(room, category);
    }

    /** The room with this name, compared case-insensitively. */
    public Optional<Room> byName(String name) {
        return endpoints.read(c -> Jdbc.one(c, "SELECT " + COLUMNS + " FROM room WHERE name_key = ?", RoomStore::map,
                CategoryStore.key(name.strip())));
    }

    /** The rooms of one category, by name (an admin listing: no visibility filter). */
    public List<Room> inCategory(String categoryId) {
        return endpoints.read(c -> Jdbc.list(c, "SELECT " + COLUMNS + " FROM room WHERE category_id = ? ORDER BY name_key",
                RoomStore::map, categoryId));
    }

    /**
     * Deletes a room, its roles, its pending invitations and file tokens. Its messages, file
     * records and compliance events stay (they outlive the room). False when there was no such room.
     */
    public boolean delete(String roomId) {
        String id = id(roomId);
        try {
            return endpoints.writeMetadata(epoch.current(), c -> {
                Jdbc.update(c, "DELETE FROM room_principal WHERE room_id = ?", id);
                Jdbc.update(c, "DELETE FROM invitation WHERE room_id = ?", id);
                Jdbc.update(c, "DELETE FROM file_token WHERE room_id = ?", id);
                return Jdbc.update(c, "DELETE FROM room WHERE id = ?", id) == 1;
            });
        } finally {
            cache.roomChanged(id);
        }
    }

    /**
     * Gives {@code principal} (a user or {@code @domain}) a role. A manager also becomes a member.
     * A user who was not a member before and becomes one gets an invitation when the room's
     * effective invitations setting is on; {@code inviter} is recorded as who invited them.
     */
    public RoleChange addRole(String room, RoomRole role, String principal, String inviter) {
        String roomId = id(room);
        String p = Principals.normalise(principal);
        String by = Principals.normalise(inviter);
        for (int attempt = 1;; attempt++) {
            try {
                return endpoints.writeMetadata(epoch.current(), c -> addRole(c, roomId, role, p, by));
            } catch (StorageException e) {
                // Two writers computed the same next invite_id: the loser retries with a fresh MAX.
                if (attempt >= INVITATION_ATTEMPTS || !(e.getCause() instanceof SQLException sql)
                        || !Jdbc.isUniqueViolation(sql)) {
                    throw e;
                }
            } finally {
                cache.rolesChanged();
            }
        }
    }

    private RoleChange addRole(Connection c, String roomId, RoomRole role, String p, String inviter) throws SQLException {
        Room room = read(c, roomId).orElseThrow(() -> new NotFoundException("room", roomId));
        boolean wasMember = hasRole(c, roomId, RoomRole.MEMBER, p);
        boolean added = false;
        if (role == RoomRole.MANAGER || role == RoomRole.MEMBER) {
            added |= insertRole(c, roomId, RoomRole.MEMBER, p);
        }
        if (role != RoomRole.MEMBER) {
            added |= insertRole(c, roomId, role, p);
        }
        if (!added) {
            return RoleChange.UNCHANGED;
        }
        Optional<Invitation> invitation = Optional.empty();
        if (!wasMember && role != RoomRole.PRESENTER && !Principals.isDomain(p)) {
            Category category = CategoryStore.read(c, room.categoryId())
                    .orElseThrow(() -> new NotFoundException("category", room.categoryId()));
            if (EffectiveSettings.of(room, category).invitations()) {
                invitation = Optional.of(InvitationStore.insert(c, p, roomId, inviter, clock.instant()));
            }
        }
        return new RoleChange(true, invitation);
    }

    /** Takes a role away; taking membership away takes management too. False when nothing changed. */
    public boolean removeRole(String room, RoomRole role, String principal) {
        String roomId = id(room);
        String p = Principals.normalise(principal);
        try {
            return endpoints.writeMetadata(epoch.current(), c -> {
                int removed = Jdbc.update(c, "DELETE FROM room_principal WHERE room_id = ? AND role = ? AND principal = ?",
                        roomId, role, p);
                if (role == RoomRole.MEMBER) {
                    removed += Jdbc.update(c, "DELETE FROM room_principal WHERE room_id = ? AND role = ? AND principal = ?",
                            roomId, RoomRole.MANAGER, p);
                }
                return removed > 0;
            });
        } finally {
            cache.rolesChanged();
        }
    }

    /** The roles on a room (empty for an unknown room). */
    public RoomRoles roles(String roomId) {
        return endpoints.read(c -> roles(c, id(roomId)));
    }

    static RoomRoles roles(Connection c, String roomId) throws SQLException {
        Set<String> members = new HashSet<>();
        Set<String> managers = new HashSet<>();
        Set<String> presenters = new HashSet<>();
        for (String[] row : Jdbc.list(c, "SELECT role, principal FROM room_principal WHERE room_id = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, roomId)) {
            RoomRole role = RoomRole.valueOf(row[0]);
            (role == RoomRole.MEMBER ? members : role == RoomRole.MANAGER ? managers : presenters).add(row[1]);
        }
        return new RoomRoles(members, managers, presenters);
    }

    /**
     * The rooms where {@code user} holds {@code role} by name or through their domain
     * ({@code getassociations}), by name; only those the user may see. Members include managers.
     */
    public List<Room> associations(String user, RoomRole role) {
        String u = Principals.user(user);
        List<Room> rooms = endpoints.read(c -> Jdbc.list(c, "SELECT " + COLUMNS + " FROM room WHERE id IN"
                + " (SELECT room_id FROM room_principal WHERE principal IN (?, ?) AND role IN (?, ?)) ORDER BY name_key",
                RoomStore::map, u, Principals.domainOf(u), role, role == RoomRole.MEMBER ? RoomRole.MANAGER : role));
        return rooms.stream().filter(r -> access.canSee(u, r.id())).toList();
    }

    /**
     * Rooms whose name (and, when {@code includeDescription}, description) contains
     * {@code criteria} case-insensitively, by name, at most {@code limit}, only those {@code user}
     * may see. Empty criteria match every room.
     */
    public List<Room> search(String user, String criteria, boolean includeDescription, int limit) {
        String u = Principals.user(user);
        if (limit <= 0) {
            return List.of();
        }
        String pattern = Jdbc.containsPattern(criteria == null ? "" : criteria.strip().toLowerCase(Locale.ROOT));
        String where = includeDescription ? "name_key LIKE ? ESCAPE '!' OR LOWER(description) LIKE ? ESCAPE '!'"
                : "name_key LIKE ? ESCAPE '!'";
        // Visibility is decided by RoomAccess, not SQL: read pages until the limit is met with visible rooms.
        int page = Math.max(50, limit * 2);
        List<Room> found = new ArrayList<>();
        for (int offset = 0;; offset += page) {
            Object[] params = includeDescription ? new Object[] {pattern, pattern, offset, page}
                    : new Object[] {pattern, offset, page};
            List<Room> rows = endpoints.read(c -> Jdbc.list(c, "SELECT " + COLUMNS + " FROM room WHERE " + where
                    + " ORDER BY name_key, id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", RoomStore::map, params));
            for (Room room : rows) {
                if (access.canSee(u, room.id())) {
                    found.add(room);
                    if (found.size() == limit) {
                        return found;
                    }
                }
            }
            if (rows.size() < page) {
                return found;
            }
        }
    }

    /** Room ids are compared case-insensitively on the wire; the store's GUIDs are lower-case. */
    static String id(String roomId) {
        return roomId.strip().toLowerCase(Locale.ROOT);
    }

    private Room load(String id) {
        return endpoints.read(c -> read(c, id)).orElse(null);
    }

    /** A room read inside the caller's transaction, bypassing the cache. */
    static Optional<Room> read(Connection c, String id) throws SQLException {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM room WHERE id = ?", RoomStore::map, id);
    }

    private static boolean hasRole(Connection c, String roomId, RoomRole role, String p) throws SQLException {
        return Jdbc.number(c, "SELECT COUNT(*) FROM room_principal WHERE room_id = ? AND role = ? AND principal = ?",
                roomId, role, p) > 0;
    }

    private static boolean insertRole(Connection c, String roomId, RoomRole role, String p) throws SQLException {
        return Jdbc.update(c, "INSERT INTO room_principal (room_id, role, principal) SELECT ?, ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM room_principal WHERE room_id = ? AND role = ? AND principal = ?)",
                roomId, role, p, roomId, role, p) == 1;
    }

    private static void checkCategory(Connection c, String categoryId) throws SQLException {
        if (Jdbc.number(c, "SELECT COUNT(*) FROM category WHERE id = ?", categoryId) == 0) {
            throw new NotFoundException("category", categoryId);
        }
    }

    private static void checkNameFree(Connection c, String name, String exceptId) throws SQLException {
        if (Jdbc.number(c, "SELECT COUNT(*) FROM room WHERE name_key = ? AND id <> ?", CategoryStore.key(name), exceptId) > 0) {
            throw new DuplicateNameException("room", name);
        }
    }

    private static Object addin(RoomSpec spec) {
        return spec.addinUrl().<Object>map(u -> u).orElse(Jdbc.NULL_STRING);
    }

    static Room map(ResultSet rs) throws SQLException {
        return new Room(rs.getString("id"), rs.getString("name"), rs.getString("description"), rs.getString("topic"),
                rs.getString("category_id"), Privacy.valueOf(rs.getString("privacy")),
                RoomType.valueOf(rs.getString("room_type")), rs.getBoolean("disabled"),
                Optional.ofNullable(rs.getString("addin_url")), Inheritable.valueOf(rs.getString("invitations")),
                Inheritable.valueOf(rs.getString("file_upload")), Inheritable.valueOf(rs.getString("logged")),
                SqlTime.get(rs, "created_at"), SqlTime.get(rs, "updated_at"));
    }
}
