package io.pchat.storage;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.lifecycle.ContainerLifeCycle;
import io.pchat.storage.compliance.ComplianceLog;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.file.FileStore;
import io.pchat.storage.invitation.InvitationStore;
import io.pchat.storage.log.HistoryCache;
import io.pchat.storage.log.MessageHistory;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.pool.PoolEpoch;
import io.pchat.storage.pool.PoolStore;
import io.pchat.storage.preference.PreferenceStore;
import io.pchat.storage.replication.Replication;
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
 *
 * <p>Lifecycle: a {@link ContainerLifeCycle} whose constructor starts nothing; {@link #open}
 * makes and starts it. Its parts are the message log (its writer thread), replication (the
 * mirror's catch-up, the backup's shipping) and the history readers, started in that order and
 * stopped in reverse; after them the caches and the endpoints are closed. A part that fails to start
 * stops what started before it and closes the endpoints: nothing is left running.
 */
public final class ChatStore extends ContainerLifeCycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatStore.class);

    private final Endpoints endpoints;
    private final RoomCatalog catalog;
    private final UserStore users;
    private final InvitationStore invitations;
    private final PreferenceStore preferences;
    private final FileStore files;
    private final ComplianceLog compliance;
    private final PoolStore pool;
    private final Replication replication;
    private final MessageLog messageLog;
    private final MessageHistory history;

    private ChatStore(Endpoints endpoints, PoolEpoch epoch, Clock clock) {
        this.endpoints = endpoints;
        this.catalog = new RoomCatalog(endpoints, epoch, clock);
        this.users = new UserStore(endpoints, epoch, clock);
        this.invitations = new InvitationStore(endpoints, epoch, clock);
        this.preferences = new PreferenceStore(endpoints, epoch);
        this.files = new FileStore(endpoints, epoch, clock);
        this.compliance = new ComplianceLog(endpoints, epoch);
        this.pool = new PoolStore(endpoints, epoch, clock);
        // Replication made first: the log hands every committed batch to its mirror replica.
        this.replication = Replication.create(endpoints, epoch);
        HistoryCache cache = HistoryCache.of(endpoints.config());
        this.messageLog = new MessageLog(endpoints, epoch, cache, replication.logReplica(), clock);
        this.history = new MessageHistory(endpoints, cache, HISTORY_READERS);
    }

    @Override
    public String name() {
        return "chat store";
    }

    @Override
    protected void startParts() throws Exception {
        startPart(messageLog);
        replication.attach(messageLog);
        startPart(replication); // once the log runs: it works between the log's batches
        startPart(history);
    }

    /** Threads that read history; the node's other storage work runs on its own threads. */
    private static final int HISTORY_READERS = 4;

    /** Opens the endpoints (migrating the primary's schema) and the stores on them. */
    public static ChatStore open(StorageConfig config, PoolEpoch epoch) {
        return open(config, epoch, Clock.systemUTC());
    }

    /** As {@link #open(StorageConfig, PoolEpoch)} with the clock that stamps times and decides expiry. */
    public static ChatStore open(StorageConfig config, PoolEpoch epoch, Clock clock) {
        Endpoints endpoints = Endpoints.open(config);
        ChatStore store;
        try {
            store = new ChatStore(endpoints, epoch, clock);
        } catch (RuntimeException e) {
            endpoints.close();
            throw e;
        }
        store.startUnchecked(); // a part that fails stops the started ones and closes the endpoints
        return store;
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

    /** The message log: appends with group commit, msgids assigned per room. */
    public MessageLog messageLog() {
        return messageLog;
    }

    /** History reads (last N, paging back, search), served from the recent-history cache when it can. */
    public MessageHistory history() {
        return history;
    }

    /** Mirror and backup replication, status and promotions. */
    public Replication replication() {
        return replication;
    }

    /** Drops every cached room, category and access decision: another node changed metadata. */
    public void invalidateCaches() {
        catalog.invalidateCaches();
    }

    /**
     * Closes in order: the history readers, replication (no more shipping), the message log
     * (flushing what is queued), then the caches and the endpoints (backup, mirror, primary).
     */
    @Override
    public void close() {
        stopUnchecked();
    }

    @Override
    protected void afterPartsStopped() {
        catalog.invalidateCaches();
        endpoints.close();
        log.info("storage closed");
    }
}
