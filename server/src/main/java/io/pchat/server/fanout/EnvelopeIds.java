package io.pchat.server.fanout;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's envelope ids: every envelope the node sends (replies, notices, deliveries) takes
 * the next one. A delivery is encoded once for all its recipients, so its envid is the same in
 * every dialog; the counter is therefore node-wide rather than per dialog. Clients treat node
 * envids as opaque tokens (docs/xccos.md).
 *
 * <p>Invariant: ids are positive and strictly increasing. The start is random (as real servers'
 * large values were) and below 2^62, so the ids stay valid signed seqids for any node lifetime.
 */
public final class EnvelopeIds {
    private static final long START_BOUND = 1L << 62;

    private final AtomicLong last;

    /** A counter from a random positive start. */
    public EnvelopeIds() {
        this(ThreadLocalRandom.current().nextLong(1, START_BOUND));
    }

    /** A counter whose first id is {@code first} (tests). */
    public EnvelopeIds(long first) {
        if (first < 1) {
            throw new IllegalArgumentException("first envid must be positive, was " + first);
        }
        this.last = new AtomicLong(first - 1);
    }

    public long next() {
        return last.incrementAndGet();
    }
}
