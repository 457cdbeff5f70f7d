package io.pchat.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pchat.server.metrics.MetricHistory.Buckets;
import io.pchat.server.metrics.MetricHistory.Point;
import io.pchat.server.metrics.MetricHistory.Reading;

/**
 * The console's chart figures from cumulative readings: per-second rates and p99 latencies of
 * each interval, no point from the first reading, no rate from a counter that went down, the
 * oldest points dropped at capacity; and against a real {@link NodeMetrics}, whose histogram
 * counts must be cumulative since start for the p99 of an interval to be right.
 */
class MetricHistoryTest {
    private static final Instant T0 = Instant.parse("2025-01-01T09:00:00Z");
    /** Bucket bounds of 1, 2, 5 and 10 ms, in nanoseconds. */
    private static final double[] BOUNDS = {1e6, 2e6, 5e6, 10e6};

    private static Reading reading(long secondsAfterT0, double posts, double deliveries) {
        return new Reading(T0.plusSeconds(secondsAfterT0), posts, deliveries, 3, null, null, null, null);
    }

    private static Reading withFanOut(long secondsAfterT0, Buckets fanOut) {
        return new Reading(T0.plusSeconds(secondsAfterT0), 0, 0, 0, null, fanOut, null, null);
    }

    private static Buckets buckets(double count, double... cumulative) {
        return new Buckets(BOUNDS, cumulative, count);
    }

    @Test
    void theFirstReadingMakesNoPoint() {
        MetricHistory history = new MetricHistory(10);

        history.record(reading(0, 100, 1_000));

        assertThat(history.points()).isEmpty();
    }

    @Test
    void ratesArePerSecondBetweenTwoReadings() {
        MetricHistory history = new MetricHistory(10);
        history.record(new Reading(T0, 100, 1_000, 2, null, null, null, null));

        history.record(new Reading(T0.plusSeconds(5), 150, 1_600, 4, null, null, 1.5, 7L));

        Point p = history.points().get(0);
        assertThat(p.at()).isEqualTo(T0.plusSeconds(5));
        assertThat(p.postsPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(p.deliveriesPerSecond()).isCloseTo(120.0, within(1e-9));
        assertThat(p.sessions()).isEqualTo(4.0);
        assertThat(p.backupLagSeconds()).isEqualTo(1.5);
        assertThat(p.backupUnshipped()).isEqualTo(7L);
    }

    @Test
    void aCounterThatWentDownGivesNoRateForThatIntervalOnly() {
        MetricHistory history = new MetricHistory(10);
        history.record(reading(0, 100, 1_000));
        history.record(reading(5, 20, 1_050)); // posts restarted
        history.record(reading(10, 30, 1_100));

        List<Point> points = history.points();

        assertThat(points.get(0).postsPerSecond()).isNull();
        assertThat(points.get(0).deliveriesPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(points.get(1).postsPerSecond()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void aReadingNotLaterThanTheLastMakesNoPoint() {
        MetricHistory history = new MetricHistory(10);
        history.record(reading(5, 0, 0));

        history.record(reading(5, 10, 10));

        assertThat(history.points()).isEmpty();
    }

    @Test
    void atCapacityTheOldestPointIsDropped() {
        MetricHistory history = new MetricHistory(3);
        for (int i = 0; i <= 5; i++) {
            history.record(reading(5L * i, 0, 0));
        }

        assertThat(history.points()).extracting(Point::at)
                .containsExactly(T0.plusSeconds(15), T0.plusSeconds(20), T0.plusSeconds(25));
    }

    @Test
    void coveringFifteenMinutesEveryFiveSecondsHolds180Points() {
        MetricHistory history = MetricHistory.covering(Duration.ofMinutes(15), Duration.ofSeconds(5));
        for (int i = 0; i <= 200; i++) {
            history.record(reading(5L * i, i, i));
        }

        assertThat(history.points()).hasSize(180);
        assertThat(history.points().get(179).at()).isEqualTo(T0.plusSeconds(1_000));
    }

    @Test
    void theP99IsTheBoundOfTheBucketHoldingThe99thPercentileOfTheInterval() {
        MetricHistory history = new MetricHistory(10);
        // before the interval: 500 slow recordings, which must not count
        history.record(withFanOut(0, buckets(500, 0, 0, 0, 500)));

        // in the interval: 1,000 recordings, 990 at or below 2 ms (600 of them at or below 1 ms), the rest above
        history.record(withFanOut(5, buckets(1_500, 600, 990, 995, 1_500)));

        assertThat(history.points().get(0).fanOutP99Millis()).isEqualTo(2.0);
    }

    @Test
    void theP99MovesUpWhenMoreThanOnePercentIsSlower() {
        MetricHistory history = new MetricHistory(10);
        history.record(withFanOut(0, buckets(0, 0, 0, 0, 0)));

        history.record(withFanOut(5, buckets(1_000, 600, 980, 995, 1_000)));

        assertThat(history.points().get(0).fanOutP99Millis()).isEqualTo(5.0);
    }

    @Test
    void recordingsAboveTheLastBucketGiveTheLastBound() {
        MetricHistory history = new MetricHistory(10);
        history.record(withFanOut(0, buckets(0, 0, 0, 0, 0)));

        history.record(withFanOut(5, buckets(100, 0, 0, 0, 50)));

        assertThat(history.points().get(0).fanOutP99Millis()).isEqualTo(10.0);
    }

    @Test
    void noRecordingInTheIntervalGivesNoP99() {
        MetricHistory history = new MetricHistory(10);
        history.record(withFanOut(0, buckets(40, 10, 20, 30, 40)));

        history.record(withFanOut(5, buckets(40, 10, 20, 30, 40)));

        Point p = history.points().get(0);
        assertThat(p.fanOutP99Millis()).isNull();
        assertThat(p.postAckP99Millis()).isNull(); // no histogram given at all
    }

    @Test
    void aRealNodeMetricsGivesTheIntervalsDeliveryRateAndP99() {
        NodeMetrics metrics = new NodeMetrics();
        MetricHistory history = new MetricHistory(10);
        // before the first reading: slow fan-outs that must not count in the interval
        for (int i = 0; i < 50; i++) {
            metrics.fanOutObserver().delivered(1, Duration.ofSeconds(2).toNanos());
        }
        history.record(metrics.reading(T0, null, null));

        // in the interval: 100 fan-outs of 2 recipients, half at 1.2 ms and half at 3 ms
        long fast = Duration.ofMillis(1).plusNanos(200_000).toNanos();
        long slow = Duration.ofMillis(3).toNanos();
        for (int i = 0; i < 50; i++) {
            metrics.fanOutObserver().delivered(2, fast);
            metrics.fanOutObserver().delivered(2, slow);
        }
        Reading second = metrics.reading(T0.plusSeconds(5), null, null);
        history.record(second);

        Point p = history.points().get(0);
        assertThat(p.deliveriesPerSecond()).isCloseTo(200 / 5.0, within(1e-9));
        assertThat(p.postsPerSecond()).isZero();
        double boundAtOrAboveSlow = boundAtOrAbove(second.fanOut(), slow);
        assertThat(p.fanOutP99Millis()).isEqualTo(boundAtOrAboveSlow / 1e6);
        assertThat(p.fanOutP99Millis()).isBetween(3.0, 5.0);
        assertThat(p.postAckP99Millis()).isNull();
    }

    /** The smallest bucket bound at or above {@code nanos}; the bounds must hold one. */
    private static double boundAtOrAbove(Buckets buckets, long nanos) {
        for (double bound : buckets.boundsNanos()) {
            if (bound >= nanos) {
                return bound;
            }
        }
        throw new AssertionError("no bucket bound at or above " + nanos + " ns");
    }
}
