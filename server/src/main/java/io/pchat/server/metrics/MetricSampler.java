package io.pchat.server.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.lifecycle.AbstractLifeCycle;
import io.pchat.storage.ChatStore;

/**
 * Reads the node's figures every {@link #INTERVAL} into a {@link MetricHistory} of the last
 * {@link #SPAN}, on a thread of its own, for the console's charts. The backup's lag is known
 * without database work and read every time; its unshipped count takes a query per room on the
 * writer, so it is read every {@link #UNSHIPPED_EVERY}th time and carried forward between
 * (at most 30 s old). A failed reading is logged at debug and skipped: the chart shows a gap.
 */
public final class MetricSampler extends AbstractLifeCycle {
    private static final Logger log = LoggerFactory.getLogger(MetricSampler.class);
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    public static final Duration SPAN = Duration.ofMinutes(15);
    static final int UNSHIPPED_EVERY = 6;

    private final NodeMetrics metrics;
    private final ChatStore store;
    private final Clock clock;
    private final MetricHistory history = MetricHistory.covering(SPAN, INTERVAL);
    private ScheduledExecutorService timer;
    private int samples;
    private Long unshipped;

    public MetricSampler(NodeMetrics metrics, ChatStore store, Clock clock) {
        this.metrics = metrics;
        this.store = store;
        this.clock = clock;
    }

    public MetricHistory history() {
        return history;
    }

    @Override
    public String name() {
        return "metric history";
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pchat-metric-history");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            Double lag = store.replication().backupLag().map(d -> d.toMillis() / 1000.0).orElse(null);
            if (samples++ % UNSHIPPED_EVERY == 0) {
                unshipped = unshipped();
            }
            history.record(metrics.reading(clock.instant(), lag, unshipped));
        } catch (RuntimeException e) {
            log.debug("metric reading skipped: {}", e.toString());
        }
    }

    private Long unshipped() {
        try {
            return store.replication().backupStatus().map(b -> b.unshippedMessages() < 0 ? null : b.unshippedMessages())
                    .orElse(null);
        } catch (RuntimeException e) {
            return null; // the writer does not answer: unknown, not zero
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
