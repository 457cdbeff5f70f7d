package io.pchat.storage.room;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * This node's caches of rooms (by id), categories (by id) and access decisions (by user and
 * room). Invariant: after a write through this node's stores returns, no read sees what the write
 * replaced. The stores call {@link #roomChanged}, {@link #categoryChanged} and
 * {@link #rolesChanged} after every write, committed or not.
 *
 * <p>Access decisions are keyed with a generation number that every change raises, so a decision
 * computed from data read before a change can never be served after it (a Caffeine
 * {@code invalidateAll} alone would race with a load in flight).
 *
 * <p>Writes made by other nodes are not seen until {@link #invalidateAll()}: the node calls it
 * when the pool record's {@code metadata_version} moved by more than its own writes.
 */
final class MetadataCache {
    private record AccessKey(long generation, String user, String roomId) {
    }

    private final Cache<String, Room> rooms;
    private final Cache<String, Category> categories;
    private final Cache<AccessKey, AccessDecision> decisions;
    private final AtomicLong generation = new AtomicLong();

    MetadataCache(long roomCacheSize, long accessCacheSize) {
        this.rooms = Caffeine.newBuilder().maximumSize(roomCacheSize).build();
        this.categories = Caffeine.newBuilder().maximumSize(Math.max(64, roomCacheSize / 10)).build();
        this.decisions = Caffeine.newBuilder().maximumSize(accessCacheSize).build();
    }

    Optional<Room> room(String id, Function<String, Room> loader) {
        return Optional.ofNullable(rooms.get(id, loader));
    }

    Optional<Category> category(String id, Function<String, Category> loader) {
        return Optional.ofNullable(categories.get(id, loader));
    }

    AccessDecision decision(String user, String roomId, Function<String, AccessDecision> loader) {
        return decisions.get(new AccessKey(generation.get(), user, roomId), k -> loader.apply(roomId));
    }

    void roomChanged(String roomId) {
        rooms.invalidate(roomId);
        rolesChanged();
    }

    void categoryChanged(String categoryId) {
        categories.invalidate(categoryId);
        rolesChanged();
    }

    void rolesChanged() {
        generation.incrementAndGet();
        decisions.invalidateAll();
    }

    void invalidateAll() {
        rooms.invalidateAll();
        categories.invalidateAll();
        rolesChanged();
    }
}
