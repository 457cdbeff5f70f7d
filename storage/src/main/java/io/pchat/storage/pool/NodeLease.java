package io.pchat.storage.pool;

import java.time.Instant;

/**
 * A node's claim to be alive, renewed every heartbeat; a node whose lease expired owns no rooms.
 *
 * @param epoch the pool epoch the node renewed under
 */
public record NodeLease(String nodeId, String dataCenter, long epoch, Instant renewedAt, Instant expiresAt) {

    public boolean liveAt(Instant now) {
        return expiresAt.isAfter(now);
    }
}
