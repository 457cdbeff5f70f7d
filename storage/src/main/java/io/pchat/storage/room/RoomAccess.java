package io.pchat.storage.room;

import java.util.List;

import io.pchat.storage.Principals;
import io.pchat.storage.db.Endpoints;

/**
 * Access decisions for the chat node ({@link AccessRules} applied to stored rooms, roles and
 * categories), cached per user and room. Invariant: a decision served from the cache was
 * computed after the last change this node made to the room, its roles or any category
 * ({@link MetadataCache}). An unknown room allows nothing.
 *
 * <p>User URIs are normalised (lower-cased) here, so callers may pass them as the client wrote them.
 *
 * <p>Blocking on a cache miss (JDBC on the caller's thread): call it from storage threads, never
 * from a Netty event loop.
 */
public final class RoomAccess {
    private final Endpoints endpoints;
    private final MetadataCache cache;
    private final CategoryStore categories;

    RoomAccess(Endpoints endpoints, MetadataCache cache, CategoryStore categories) {
        this.endpoints = endpoints;
        this.cache = cache;
        this.categories = categories;
    }

    /** Everything {@code user} may do with the room. */
    public AccessDecision decide(String user, String roomId) {
        String u = Principals.user(user);
        String id = RoomStore.id(roomId);
        return cache.decision(u, id, k -> compute(u, id));
    }

    public boolean canSee(String user, String roomId) {
        return decide(user, roomId).see();
    }

    public boolean canJoin(String user, String roomId) {
        return decide(user, roomId).join();
    }

    public boolean canPost(String user, String roomId) {
        return decide(user, roomId).post();
    }

    public boolean canManage(String user, String roomId) {
        return decide(user, roomId).manage();
    }

    public boolean canReadHistory(String user, String roomId) {
        return decide(user, roomId).readHistory();
    }

    public boolean canUploadFiles(String user, String roomId) {
        return decide(user, roomId).uploadFiles();
    }

    /** Whether {@code user} may create rooms in the category (a creator in its scope). */
    public boolean canCreateRoomIn(String user, String categoryId) {
        String u = Principals.user(user);
        return categories.get(categoryId).map(c -> AccessRules.canCreateRoomIn(u, c)).orElse(false);
    }

    /** The categories where {@code user} may create rooms ({@code nodespermcreatechild}). */
    public List<Category> categoriesWhereCanCreate(String user) {
        String u = Principals.user(user);
        return categories.list().stream().filter(c -> AccessRules.canCreateRoomIn(u, c)).toList();
    }

    private AccessDecision compute(String user, String roomId) {
        Room room = cache.room(roomId, id -> endpoints.read(c -> RoomStore.read(c, id)).orElse(null)).orElse(null);
        if (room == null) {
            return AccessDecision.NOTHING;
        }
        Category category = categories.get(room.categoryId()).orElse(null);
        if (category == null) {
            return AccessDecision.NOTHING;
        }
        RoomRoles roles = endpoints.read(c -> RoomStore.roles(c, roomId));
        return AccessRules.decide(user, room, roles, category);
    }
}
