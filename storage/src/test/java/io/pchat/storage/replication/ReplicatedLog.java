package io.pchat.storage.replication;

import io.pchat.storage.db.Endpoints;
import io.pchat.storage.log.HistoryCache;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.pool.PoolEpoch;

/**
 * One node's message log and replication on some endpoints, made and started in the order
 * {@code ChatStore} does it (replication first, since the log copies every batch to its mirror
 * replica; the log started, then attached, then replication started); closed in reverse.
 */
record ReplicatedLog(Replication replication, MessageLog log) implements AutoCloseable {

    static ReplicatedLog open(Endpoints endpoints, PoolEpoch epoch) {
        Replication replication = Replication.create(endpoints, epoch);
        MessageLog log = MessageLog.open(endpoints, epoch, HistoryCache.of(endpoints.config()), replication.logReplica());
        replication.attach(log);
        replication.startUnchecked();
        return new ReplicatedLog(replication, log);
    }

    @Override
    public void close() {
        replication.close();
        log.close();
    }
}
