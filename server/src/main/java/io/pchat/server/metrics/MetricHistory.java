package io.pchat.server.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The last minutes of the node's main figures, for the console's charts: from readings of the
 * cumulative counters taken at a fixed interval, each point holds the rates and the p99 latencies
 * of the interval before it. Invariants: at most {@code capacity} points, oldest first; a point
 * needs two readings (the first reading makes none); a counter that went down (a restart of what
 * it counts) gives no rate for that interval rather than a negative one. Pure: the readings are
 * given, so it is tested without a clock or a node.
 */
public final class MetricHistory {

    /**
     * A cumulative histogram: each bucket's upper bound (nanoseconds), the count of recordings at
     * or below it since start, and the count of all recordings (some may lie above the last bound).
     */
    public record Buckets(double[] boundsNanos, double[] cumulative, double count) {
        public Buckets {
            if (boundsNanos.length != cumulative.length) {
                throw new IllegalArgumentException("one count per bound");
            }
            boundsNanos = boundsNanos.clone();
            cumulative = cumulative.clone();
        }

        static final Buckets EMPTY = new Buckets(new double[0], new double[0], 0);
    }

    /** Cumulative figures read at one instant. */
    public record Reading(Instant at, double posts, double deliveries, double sessions, Buckets postAck,
            Buckets fanOut, Double backupLagSeconds, Long backupUnshipped) {
        public Reading {
            Objects.requireNonNull(at, "at");
            postAck = postAck == null ? Buckets.EMPTY : postAck;
            fanOut = fanOut == null ? Buckets.EMPTY : fanOut;
        }
    }

    /**
     * The interval ending at {@code at}. Rates are per second; a p99 is the upper bound of the
     * bucket that holds the 99th percentile of the interval's recordings (null when none; the last
     * bound when it lies above every bucket).
     */
    public record Point(Instant at, Double postsPerSecond, Double deliveriesPerSecond, double sessions,
            Double postAckP99Millis, Double fanOutP99Millis, Double backupLagSeconds, Long backupUnshipped) {
    }

    private final int capacity;
    private final ArrayDeque<Point> points;
    private Reading last;

    public MetricHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.points = new ArrayDeque<>(capacity);
    }

    /** Keeps {@code span} of points taken every {@code interval}. */
    public static MetricHistory covering(Duration span, Duration interval) {
        return new MetricHistory((int) Math.max(1, span.toMillis() / interval.toMillis()));
    }

    public synchronized void record(Reading now) {
        Reading before = last;
        last = now;
        if (before == null || !now.at().isAfter(before.at())) {
            return;
        }
        double seconds = Duration.between(before.at(), now.at()).toNanos() / 1e9;
        Point p = new Point(now.at(), rate(before.posts(), now.posts(), seconds),
                rate(before.deliveries(), now.deliveries(), seconds), now.sessions(),
                p99Millis(before.postAck(), now.postAck()), p99Millis(before.fanOut(), now.fanOut()),
                now.backupLagSeconds(), now.backupUnshipped());
        if (points.size() == capacity) {
            points.removeFirst();
        }
        points.addLast(p);
    }

    /** The points, oldest first. */
    public synchronized List<Point> points() {
        return new ArrayList<>(points);
    }

    private static Double rate(double before, double now, double seconds) {
        return now < before ? null : (now - before) / seconds;
    }

    /** The 99th percentile of what was recorded between two cumulative histograms with the same bounds. */
    static Double p99Millis(Buckets before, Buckets now) {
        double[] bounds = now.boundsNanos();
        if (bounds.length == 0 || before.boundsNanos().length != bounds.length) {
            return null;
        }
        int last = bounds.length - 1;
        double total = now.count() - before.count();
        if (total <= 0) {
            return null;
        }
        double wanted = Math.ceil(total * 0.99);
        for (int i = 0; i < bounds.length; i++) {
            if (now.cumulative()[i] - before.cumulative()[i] >= wanted) {
                return bounds[i] / 1e6;
            }
        }
        return bounds[last] / 1e6;
    }
}
