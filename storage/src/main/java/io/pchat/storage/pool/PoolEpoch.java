package io.pchat.storage.pool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's view of the pool epoch: every write the store makes is fenced with the value read
 * here at the start of the write. The pool layer raises it when it reads a newer pool record;
 * it never goes down.
 */
public final class PoolEpoch {
    private final AtomicLong epoch;

    public PoolEpoch(long initial) {
        if (initial < 1) {
            throw new IllegalArgumentException("epoch must be positive, was " + initial);
        }
        this.epoch = new AtomicLong(initial);
    }

    public long current() {
        return epoch.get();
    }

    /** Raises the epoch to {@code seen} if it is newer; returns the epoch now in force. */
    public long advanceTo(long seen) {
        return epoch.accumulateAndGet(seen, Math::max);
    }
}
