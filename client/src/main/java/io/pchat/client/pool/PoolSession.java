package io.pchat.client.pool;

import java.util.concurrent.ScheduledFuture;

/** One session of a {@link PoolClient} with one node, and what the client knows of it. Confined to the client's thread. */
final class PoolSession {
    final NodeSession node;
    /** The index of the node's address in the pool's list. */
    final int index;
    final long startedNanos = System.nanoTime();
    ScheduledFuture<?> keepAlive;

    PoolSession(NodeSession node, int index) {
        this.node = node;
        this.index = index;
    }
}
