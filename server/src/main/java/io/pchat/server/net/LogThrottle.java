package io.pchat.server.net;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One log line that an attacker can trigger at will (a refused connection, a refused admin call),
 * written at most once per period with how many times it happened since it was last written, so
 * that a flood of refusals cannot flood the log or the disk.
 *
 * <p>Invariant: every {@link #occurred()} is counted in exactly one emitted count (or is still
 * pending); thread-safe without locks.
 */
public final class LogThrottle {
    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lastEmitted;

    public LogThrottle(Duration period) {
        this(period, System::nanoTime);
    }

    public LogThrottle(Duration period, LongSupplier nanoTime) {
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
        this.lastEmitted = new AtomicLong(nanoTime.getAsLong() - periodNanos);
    }

    /**
     * Counts one occurrence; returns how many occurred since the line was last written when it is
     * to be written now (the caller logs it with that count), or 0 when it is not.
     */
    public long occurred() {
        pending.incrementAndGet();
        long now = nanoTime.getAsLong();
        long last = lastEmitted.get();
        if (now - last >= periodNanos && lastEmitted.compareAndSet(last, now)) {
            return pending.getAndSet(0);
        }
        return 0;
    }

    public long periodSeconds() {
        return periodNanos / 1_000_000_000L;
    }
}
