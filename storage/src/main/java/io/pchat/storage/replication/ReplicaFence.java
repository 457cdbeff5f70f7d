package io.pchat.storage.replication;

import java.sql.PreparedStatement;

import io.pchat.storage.FencedWriteException;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.SqlWork;

/**
 * Transactions that copy data onto a replica (mirror, backup, or the primary on failback).
 * Invariant: a copy made by a node at epoch {@code e} is refused by a replica whose pool epoch is
 * above {@code e}: once an endpoint has been promoted, a cut-off node can no longer write into it,
 * not even through replication. The check locks the replica's pool record, so it is ordered with
 * the promotion's own update of it.
 */
final class ReplicaFence {
    private ReplicaFence() {
    }

    static <T> T apply(Database replica, long epoch, SqlWork<T> work) {
        return replica.inTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement(
                    "UPDATE pool_state SET epoch = epoch WHERE id = 1 AND epoch <= ? AND state <> 'FAILED_OVER'")) {
                lock.setLong(1, epoch);
                if (lock.executeUpdate() != 1) {
                    throw new FencedWriteException(epoch, Database.readEpoch(c));
                }
            }
            return work.run(c);
        });
    }
}
