package io.pchat.storage.pool;

import io.pchat.storage.db.EndpointRole;

/**
 * What one configured endpoint says of the pool, read directly from it (not through the writer):
 * how a node whose writer stopped answering, or was retired, finds where the pool writes now.
 *
 * @param reachable    whether it answered; when not, {@code state} is null, {@code epoch} 0 and
 *                     {@code problem} says why
 * @param acceptsWrites whether a no-op write in a transaction succeeded there (a read-only
 *                     standby refuses; only probed where asked)
 */
public record EndpointProbe(EndpointRole role, String name, boolean reachable, PoolState state, long epoch,
        boolean acceptsWrites, String problem) {

    /** Whether the endpoint answered and has not been retired. */
    public boolean usable() {
        return reachable && state != PoolState.RETIRED;
    }
}
