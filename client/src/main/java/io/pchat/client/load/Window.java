package io.pchat.client.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One measurement window: the posts sent in {@code [start, end)} (System.nanoTime of the
 * generator) and every delivery of those posts, whenever it arrives. Latency is from the post
 * being handed to the client library to the delivery being decoded by a receiving client, in
 * microseconds; the first and second halves of the window are kept apart to see whether latency
 * builds up.
 *
 * <p>Thread-safety: recorded from every client event loop and the driver at once (adders and
 * concurrent histograms); read when the window is over, or for progress lines.
 */
final class Window {
    static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(120);

    final String name;
    final double rate;
    final long start;
    volatile long end;
    final LongAdder sent = new LongAdder();
    /** Deliveries the sent posts would make if all were stored: a ramp's yardstick. */
    final LongAdder sentExpected = new LongAdder();
    final LongAdder stored = new LongAdder();
    final LongAdder expected = new LongAdder();
    /** Deliveries of its posts as they arrive, each (post, recipient) once (the live count; see {@link #tally}). */
    final LongAdder deliveries = new LongAdder();
    /** A post delivered again to a member that had it already. */
    final LongAdder duplicates = new LongAdder();

    final LongAdder refused = new LongAdder();
    final LongAdder errors = new LongAdder();

    /** Whether every post sent in it has its answer (stored, refused or failed). */
    boolean allAnswered() {
        return stored.sum() + refused.sum() + errors.sum() >= sent.sum();
    }
    final Histogram latency = new ConcurrentHistogram(MAX_MICROS, 3);
    final Histogram firstHalf = new ConcurrentHistogram(MAX_MICROS, 3);
    final Histogram secondHalf = new ConcurrentHistogram(MAX_MICROS, 3);
    /** CPU over the window, once it is over. */
    volatile CpuShare cpu = CpuShare.UNKNOWN;
    /** The exact count once the run has drained; null before. */
    volatile DeliveryLedger.Tally tally;

    Window(String name, double rate, long start, long end) {
        this.name = name;
        this.rate = rate;
        this.start = start;
        this.end = end;
    }

    boolean contains(long sentAt) {
        return sentAt >= start && sentAt < end;
    }

    void delivered(long sentAt, long micros) {
        long value = Math.min(Math.max(micros, 0), MAX_MICROS);
        deliveries.increment();
        latency.recordValue(value);
        (sentAt < start + (end - start) / 2 ? firstHalf : secondHalf).recordValue(value);
    }

    /** Seconds the window lasted (or has lasted so far, when {@code now} is inside it). */
    double seconds(long now) {
        return Math.max(1e-9, (Math.min(now, end) - start) / 1e9);
    }
}
