package io.pchat.storage;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.compliance.ComplianceLog;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.file.FileStore;
import io.pchat.storage.invitation.InvitationStore;
import io.pchat.storage.pool.PoolEpoch;
import io.pchat.storage.pool.PoolStore;
import io.pchat.storage.preference.PreferenceStore;
import io.pchat.storage.room.CategoryStore;
import io.pchat.storage.room.RoomAccess;
import io.pchat.storage.room.RoomCatalog;
import io.pchat.storage.room.RoomStore;
import io.pchat.storage.user.UserStore;

/**
 * Everything the chat node stores, behind one object: opened from a {@link StorageConfig} and
 * the node's {@link PoolEpoch}, closed once. Every write of every store is fenced with that
 * epoch and counted as a metadata change (lease renewals excepted).
 *
 * <p>All stores are synchronous and blocking (JDBC on the caller's thread): the server calls them
 * from its own storage threads, never from a Netty event loop. All are safe for concurrent use.
 */
public final class ChatStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatStore.class);

    private final Endpoints endpoints;
    private final RoomCatalog catalog;
    private final UserStore users;
    private final InvitationStore invitations;
    private final PreferenceStore preferences;
    private final FileStore files;
    private final ComplianceLog compliance;
    private final PoolStore pool;

    private ChatStore(Endpoints endpoints, PoolEpoch epoch, Clock clock) {
        this.endpoints = endpoints;
        this.catalog = new RoomCatalog(endpoints, epoch, clock);
        this.users = new UserStore(endpoints, epoch, clock);
        this.invitations = new InvitationStore(endpoints, epoch, clock);
        this.preferences = new PreferenceStore(endpoints, epoch);
        this.files = new FileStore(endpoints, epoch, clock);
        this.compliance = new ComplianceLog(endpoints, epoch);
        this.pool = new PoolStore(endpoints, epoch, clock);
    }

    /** Opens the endpoints (migrating the primary's schema) and the stores on them. */
    public static ChatStore open(StorageConfig config, PoolEpoch epoch) {
        return open(config, epoch, Clock.systemUTC());
    }

    /** As {@link #open(StorageConfig, PoolEpoch)} with the clock that stamps times and decides expiry. */
    public static ChatStore open(StorageConfig config, PoolEpoch epoch, Clock clock) {
        Endpoints endpoints = Endpoints.open(config);
        try {
            return new ChatStore(endpoints, epoch, clock);
        } catch (RuntimeException e) {
            endpoints.close();
            throw e;
        }
    }

    /** The database endpoints under the stores (for replication and the message log). */
    public Endpoints endpoints() {
        return endpoints;
    }

    public CategoryStore categories() {
        return catalog.categories();
    }

    public RoomStore rooms() {
        return catalog.rooms();
    }

    public RoomAccess access() {
        return catalog.access();
    }

    public UserStore users() {
        return users;
    }

    public InvitationStore invitations() {
        return invitations;
    }

    public PreferenceStore preferences() {
        return preferences;
    }

    public FileStore files() {
        return files;
    }

    public ComplianceLog compliance() {
        return compliance;
    }

    public PoolStore pool() {
        return pool;
    }

    /** Drops every cached room, category and access decision: another node changed metadata. */
    public void invalidateCaches() {
        catalog.invalidateCaches();
    }

    /** Drops the caches, then closes the endpoints (backup, mirror, primary). */
    @Override
    public void close() {
        log.info("storage closing");
        catalog.invalidateCaches();
        endpoints.close();
        log.info("storage closed");
    }
}
