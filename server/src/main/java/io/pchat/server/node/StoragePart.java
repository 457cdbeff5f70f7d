package io.pchat.server.node;

import java.time.Clock;

import io.pchat.lifecycle.AbstractLifeCycle;
import io.pchat.server.chat.StorageExecutor;
import io.pchat.storage.ChatStore;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.pool.PoolEpoch;

/**
 * The node's storage as one lifecycle part: the {@link ChatStore} (endpoints, metadata stores,
 * the message log with its writer thread, history readers, replication) and the threads that run
 * blocking store calls for commands. Starting opens the databases and adopts the pool's epoch;
 * stopping lets queued storage work finish, flushes the message log (no acknowledged message is
 * lost) and closes the databases, in that order.
 */
final class StoragePart extends AbstractLifeCycle {
    private final StorageConfig config;
    private final Clock clock;
    private final int threads;
    private ChatStore store;
    private StorageExecutor executor;

    StoragePart(StorageConfig config, Clock clock, int threads) {
        this.config = config;
        this.clock = clock;
        this.threads = threads;
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    protected void doStart() {
        PoolEpoch epoch = new PoolEpoch(1);
        store = ChatStore.open(config, epoch, clock);
        try {
            epoch.advanceTo(store.pool().read().epoch());
            executor = new StorageExecutor(threads, 10_000);
        } catch (RuntimeException e) {
            store.close();
            store = null;
            throw e;
        }
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            executor.close();
        }
        if (store != null) {
            store.close();
        }
    }

    ChatStore store() {
        return store;
    }

    StorageExecutor executor() {
        return executor;
    }
}
