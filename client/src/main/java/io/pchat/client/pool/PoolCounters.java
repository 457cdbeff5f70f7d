package io.pchat.client.pool;

import java.util.concurrent.atomic.AtomicLong;

/** What a {@link PoolClient} counts; written on the client's thread, read from any ({@link #snapshot}). */
final class PoolCounters {
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong duplicatesDropped = new AtomicLong();
    final AtomicLong filledFromHistory = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong postsRetried = new AtomicLong();
    final AtomicLong postsRecovered = new AtomicLong();

    PoolStats snapshot() {
        return new PoolStats(reconnects.get(), delivered.get(), duplicatesDropped.get(), filledFromHistory.get(),
                lost.get(), postsRetried.get(), postsRecovered.get());
    }
}
