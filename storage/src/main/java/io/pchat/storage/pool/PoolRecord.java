package io.pchat.storage.pool;

import java.time.Instant;
import java.util.List;

/**
 * The pool record as read from the writing endpoint.
 *
 * @param epoch           the fencing number, +1 on every state change
 * @param activeNodes     the admin-set active node ids, sorted
 * @param metadataVersion counts metadata changes: a node that sees it move by more than its own
 *                        writes knows another node changed something and drops its caches
 */
public record PoolRecord(PoolState state, long epoch, List<String> activeNodes, long metadataVersion,
        Instant updatedAt) {

    public PoolRecord {
        activeNodes = List.copyOf(activeNodes);
    }
}
