package io.pchat.server.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.server.fanout.FanOutObserver;
import io.pchat.server.pool.ChatPool;
import io.pchat.server.pool.LinkPeer;
import io.pchat.server.session.ClientSession;
import io.pchat.server.session.InfoVerdict;
import io.pchat.server.session.XccosService;
import io.pchat.storage.ChatStore;
import io.pchat.storage.db.Database;
import io.pchat.storage.log.DurableMessages;
import io.pchat.storage.replication.BackupStatus;
import io.pchat.storage.replication.MirrorState;

/**
 * The node's metrics, in Prometheus format ({@link #scrape()}): sessions and connections, rooms
 * joined, posts and deliveries, fan-out and post-acknowledgement latency, log batch sizes and
 * failures, database pool usage, replication lag, refused (503) requests, and the JVM.
 *
 * <p>Counters that parts already keep (the log's statistics, the listener's dialogs) are read
 * when scraped; the few that need an event (a delivery, a verdict, a batch) are recorded by the
 * observers this class hands out. Nothing here runs per recipient.
 */
public final class NodeMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter deliveries;
    private final AtomicReferenceArray<Counter> answerCounters;
    private final Timer fanOutLatency;
    private final Timer postAckLatency;
    private final DistributionSummary batchSize;

    public NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        answerCounters = new AtomicReferenceArray<>(700);
        deliveries = Counter.builder("pchat.deliveries").description("messages written to dialogs").register(registry);
        fanOutLatency = Timer.builder("pchat.fanout.latency")
                .description("from a message being durable to its last flush on one event loop")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
        postAckLatency = Timer.builder("pchat.post.ack.latency")
                .description("from a post arriving to its answer (200 once durable, or a refusal)")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        batchSize = DistributionSummary.builder("pchat.log.batch.size").description("messages per log transaction")
                .publishPercentileHistogram().maximumExpectedValue(10_000.0).register(registry);
    }

    /** Sessions, connections and joined rooms, read when scraped. */
    public void bindSessions(Supplier<Integer> dialogs, Supplier<Integer> connections, Supplier<Integer> roomsJoined) {
        // Supplier gauges hold their supplier strongly (the object form would let a lambda be collected).
        Gauge.builder("pchat.sessions", dialogs::get).description("established dialogs").register(registry);
        Gauge.builder("pchat.connections", connections::get).description("SIP connections").register(registry);
        Gauge.builder("pchat.rooms.joined", roomsJoined::get).description("rooms with a dialog joined here")
                .register(registry);
    }

    /** Wrong Digest answers and unknown users, read when scraped. */
    public void bindAuthFailures(LongSupplier failures) {
        FunctionCounter.builder("pchat.auth.failures", failures, LongSupplier::getAsLong)
                .description("Digest authentication failures (wrong password or unknown user)").register(registry);
    }

    /** A stretched pool's membership: role, epoch, rooms sequenced here, node-link peers connected. */
    public void bindPool(ChatPool pool) {
        Gauge.builder("pchat.pool.active", () -> pool.view().selfActive() ? 1 : 0)
                .description("1 while this node is active (listed, lease live), else 0").register(registry);
        Gauge.builder("pchat.pool.epoch", () -> pool.view().epoch()).description("the pool epoch this node works under")
                .register(registry);
        Gauge.builder("pchat.pool.rooms.sequenced", () -> pool.ownership().claimed().size())
                .description("rooms whose messages this node sequences").register(registry);
        Gauge.builder("pchat.pool.link.peers", () -> pool.link() == null ? 0
                : pool.link().peers().stream().filter(LinkPeer::connected).count())
                .description("other nodes this node's link is connected to").register(registry);
    }

    /** The store: log counters, database pools, replication. */
    public void bindStore(ChatStore store) {
        Timer commit = Timer.builder("pchat.log.commit.latency").description("one log batch's transaction on the writing endpoint")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        store.messageLog().onCommitTime(nanos -> commit.record(nanos, TimeUnit.NANOSECONDS));
        FunctionCounter.builder("pchat.posts", store, s -> s.messageLog().stats().messages())
                .description("messages stored by this node's log").register(registry);
        FunctionCounter.builder("pchat.log.batches", store, s -> s.messageLog().stats().batches())
                .description("log transactions committed").register(registry);
        FunctionCounter.builder("pchat.log.batches.failed", store, s -> s.messageLog().stats().failedBatches())
                .description("log transactions that failed (their appends were refused)").register(registry);
        FunctionCounter.builder("pchat.log.refused", store, s -> s.messageLog().stats().refused())
                .description("appends refused because the log's queue was full").register(registry);
        Gauge.builder("pchat.log.queued", store, s -> s.messageLog().stats().queued())
                .description("appends waiting for the log").register(registry);
        List<Database> endpoints = new ArrayList<>();
        endpoints.add(store.endpoints().primary());
        store.endpoints().mirror().ifPresent(endpoints::add);
        store.endpoints().backup().ifPresent(endpoints::add);
        for (Database db : endpoints) {
            Gauge.builder("pchat.db.connections.active", db, Database::activeConnections).tag("endpoint", db.name())
                    .description("database connections in use").register(registry);
        }
        Gauge.builder("pchat.replication.backup.lag.seconds", store,
                        s -> s.replication().backupStatus().map(BackupStatus::lag).map(d -> d.toMillis() / 1000.0)
                                .orElse(0.0))
                .description("time since the start of the last successful ship to the backup").register(registry);
        Gauge.builder("pchat.replication.backup.unshipped", store,
                        s -> s.replication().backupStatus().map(BackupStatus::unshippedMessages).orElse(0L))
                .description("messages not yet shipped to the backup").register(registry);
        Gauge.builder("pchat.replication.mirror.in.sync", store,
                        s -> s.replication().mirrorState() == MirrorState.IN_SYNC ? 1 : 0)
                .description("1 when the mirror is in step with the primary").register(registry);
    }

    /** What the fan-out tells after each event loop's part of a delivery. */
    public FanOutObserver fanOutObserver() {
        return (recipients, nanos) -> {
            deliveries.increment(recipients);
            fanOutLatency.record(nanos, TimeUnit.NANOSECONDS);
        };
    }

    /** Records each committed batch's size (a listener of the message log's durable batches). */
    public DurableMessages batchSizes() {
        return batch -> batchSize.record(batch.size());
    }

    /** The counter of INFO answers with {@code status}, registered once per status (not looked up per post). */
    private Counter answers(int status) {
        int slot = status >= 100 && status < 700 ? status : 0;
        Counter c = answerCounters.get(slot);
        if (c == null) {
            c = registry.counter("pchat.info.answers", "status", Integer.toString(status));
            answerCounters.compareAndSet(slot, null, c);
        }
        return c;
    }

    /** The command layer, with post latency and answers counted by SIP status (503s among them). */
    public XccosService counting(XccosService service) {
        return new XccosService() {
            @Override
            public void onSessionStarted(ClientSession session) {
                service.onSessionStarted(session);
            }

            @Override
            public CompletionStage<InfoVerdict> onEnvelope(ClientSession session, Envelope envelope) {
                long start = System.nanoTime();
                boolean post = false;
                for (Object item : envelope.items()) {
                    post |= item instanceof GroupChat;
                }
                boolean isPost = post;
                return service.onEnvelope(session, envelope).whenComplete((verdict, error) -> {
                    answers(error != null ? 500 : verdict.status()).increment();
                    if (isPost) {
                        postAckLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    }
                });
            }

            @Override
            public void onSessionEnded(ClientSession session, String reason) {
                service.onSessionEnded(session, reason);
            }
        };
    }

    /**
     * The figures the console charts, read now: posts answered and deliveries written by this node
     * so far, sessions and the two latency histograms ({@link MetricHistory}), with the backup's
     * figures as the caller read them ({@link MetricSampler}: they cost database work).
     */
    public MetricHistory.Reading reading(Instant at, Double backupLagSeconds, Long backupUnshipped) {
        // posts answered here (this node's clients'), not those its log stored: in a pool a room's log is its owner's
        return new MetricHistory.Reading(at, postAckLatency.count(), deliveries.count(), gauge("pchat.sessions"),
                buckets(postAckLatency), buckets(fanOutLatency), backupLagSeconds, backupUnshipped);
    }

    private double gauge(String name) {
        Gauge g = registry.find(name).gauge();
        return g == null ? 0 : g.value();
    }

    private static MetricHistory.Buckets buckets(Timer timer) {
        HistogramSnapshot snapshot = timer.takeSnapshot();
        CountAtBucket[] counts = snapshot.histogramCounts();
        double[] bounds = new double[counts.length];
        double[] cumulative = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            bounds[i] = counts[i].bucket(TimeUnit.NANOSECONDS);
            cumulative[i] = counts[i].count();
        }
        return new MetricHistory.Buckets(bounds, cumulative, snapshot.count());
    }

    /** Everything, in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

}
