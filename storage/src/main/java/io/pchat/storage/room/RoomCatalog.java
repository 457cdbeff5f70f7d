package io.pchat.storage.room;

import java.time.Clock;

import io.pchat.storage.db.Endpoints;
import io.pchat.storage.pool.PoolEpoch;

/**
 * The room model of one node: categories, rooms and access decisions, sharing one
 * {@link MetadataCache} so that every write through one of them invalidates what the others
 * cached. Sized by {@code storage.cache.rooms} and {@code storage.cache.access}.
 */
public final class RoomCatalog {
    private final MetadataCache cache;
    private final CategoryStore categories;
    private final RoomStore rooms;
    private final RoomAccess access;

    public RoomCatalog(Endpoints endpoints, PoolEpoch epoch, Clock clock) {
        this.cache = new MetadataCache(endpoints.config().roomCacheSize(), endpoints.config().accessCacheSize());
        this.categories = new CategoryStore(endpoints, epoch, cache, clock);
        this.access = new RoomAccess(endpoints, cache, categories);
        this.rooms = new RoomStore(endpoints, epoch, cache, categories, access, clock);
    }

    public CategoryStore categories() {
        return categories;
    }

    public RoomStore rooms() {
        return rooms;
    }

    public RoomAccess access() {
        return access;
    }

    /**
     * Forgets every cached room, category and decision: for changes made by other nodes of the
     * pool (the node calls this when the pool record's metadata version moved on).
     */
    public void invalidateCaches() {
        cache.invalidateAll();
    }
}
