package io.pchat.client.load;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.pchat.client.ClientOptions;
import io.pchat.client.NettyTransport;

/**
 * {@code pchat bench}'s engine: opens the simulated users' sessions, joins them to their rooms,
 * then either posts (steady, or in rising stages) while measuring every delivery, or holds the
 * sessions idle; prints a progress line every second and returns a {@link LoadResult}. It always
 * ends every session it opened (BYE) before returning.
 *
 * <p>A ramp stage is <b>sustained</b> when at least 95% of its posts x room size were delivered
 * (within one second after the stage), the mean latency is at most 250 ms, the maximum at most
 * 1 s, and latency is not building up (the mean of the stage's second half is at most twice the
 * first half's plus 20 ms). The ramp stops at the first stage that is not.
 *
 * <p>Deliveries are accounted per post and recipient ({@link DeliveryLedger}): after the run has
 * drained, a delivery still missing is an error, named with its msgid and recipient. CPU is read
 * per stage; a stage during which the generator used over 85% of its cores is marked
 * generator-bound ({@link CpuShare}).
 *
 * <p>Threads: the clients' event loop group ({@code pchat-load-io}, one per core), the post
 * driver ({@code pchat-load-driver}); the caller's thread prints progress. The generator's own
 * CPU is those threads' time (or this process's, when the node is elsewhere).
 */
public final class LoadGenerator {
    static final double MAX_STAGE_MEAN_MS = 250;
    static final double MAX_STAGE_MAX_MS = 1000;
    static final double MIN_DELIVERED = 0.95;
    /** Missing deliveries named per window (the count is always exact). */
    static final int MISSING_NAMED = 10;

    private final LoadOptions options;
    private final NodeProbe probe;
    private final PrintStream out;
    private final String shape;
    private final String target;

    public LoadGenerator(LoadOptions options, NodeProbe probe, PrintStream out, String shape, String target) {
        this.options = options;
        this.probe = probe;
        this.out = out;
        this.shape = shape;
        this.target = target;
    }

    public LoadResult run() throws Exception {
        boolean loopback = Population.isLoopback(options.host());
        if (!loopback && !options.allowRemote()) {
            throw new IllegalArgumentException(options.host() + " is not a loopback address: pass --allow-remote to load"
                    + " a node on another machine");
        }
        EventLoopGroup group = NettyTransport.best().newGroup(Runtime.getRuntime().availableProcessors(), "pchat-load-io");
        Windows windows = new Windows();
        Population population = new Population(options, group);
        DeliveryLedger ledger = new DeliveryLedger(population);
        try {
            probe.settle();
            long memoryBefore = probe.nodeMemoryBytes();
            long t0 = System.nanoTime();
            ClientOptions base = ClientOptions.forUser(options.user(0)).withServer(options.host(), options.port())
                    .withCommandTimeout(Duration.ofSeconds(60)).withConnectTimeout(Duration.ofSeconds(60))
                    .withSessionExpires(options.idle() ? Duration.ofSeconds(90) : Duration.ofMinutes(30));
            int connectFailures = population.connect(base, loopback && options.users() > Population.PER_ADDRESS, ledger::recipient);
            int joinFailures = 0;
            if (!options.rooms().isEmpty()) {
                population.resolveRooms();
                joinFailures = population.joinAll();
            }
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "%d sessions open (%d failed), %d room memberships (%d users' joins failed) in %.2f s%n",
                    population.open(), connectFailures, population.memberUser.length, joinFailures, connectSeconds);
            probe.settle();
            long memoryConnected = probe.nodeMemoryBytes();
            int connected = population.open();
            long perSession = memoryBefore < 0 || memoryConnected < 0 || connected == 0 ? -1
                    : Math.max(0, memoryConnected - memoryBefore) / connected;

            Run run = options.idle() ? hold(population) : options.stageRates().isEmpty()
                    ? steady(population, windows, ledger) : ramp(population, windows, ledger);
            if (ledger.strays.sum() > 0) {
                out.printf(Locale.ROOT, "%d deliveries named no post of this run or reached a user outside the post's room%n",
                        ledger.strays.sum());
            }
            int open = population.open();
            long memoryAfter = probe.nodeMemoryBytes();
            return new LoadResult(shape, target, options.users(), options.rooms().size(), open, connectFailures, joinFailures,
                    connectSeconds, run.measured, run.stages, run.highestSustained, run.cpu, ledger.strays.sum(), memoryAfter,
                    perSession, probe.memoryKind(), loadAverage(), Runtime.getRuntime().availableProcessors());
        } finally {
            population.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    /** What the posting (or holding) phase measured. */
    private record Run(StageResult measured, List<StageResult> stages, double highestSustained, CpuShare cpu) {
    }

    private Run steady(Population population, Windows windows, DeliveryLedger ledger) throws InterruptedException {
        PostDriver driver = new PostDriver(population, windows, ledger, options.ratePerSecond(), options.maxInFlight());
        long now = System.nanoTime();
        long start = now + options.warmup().toNanos();
        // The warm-up is a window too (then dropped): the same code runs before and while measuring.
        Window warm = windows.open("warm-up", options.ratePerSecond(), now, start);
        Window w = windows.open("measured", options.ratePerSecond(), start, start + options.duration().toNanos());
        driver.start();
        sleepWithProgress(population, warm, start);
        CpuShare.Mark mark = CpuShare.mark(probe);
        sleepWithProgress(population, w, w.end);
        driver.stop();
        w.cpu = mark.read();
        drain(List.of(w), ledger);
        return new Run(StageResult.of(w, true), List.of(), -1, w.cpu);
    }

    private Run ramp(Population population, Windows windows, DeliveryLedger ledger) throws InterruptedException {
        List<Double> rates = options.stageRates();
        PostDriver driver = new PostDriver(population, windows, ledger, rates.get(0), options.maxInFlight());
        long stageNanos = options.duration().toNanos();
        long now = System.nanoTime();
        long next = now + options.warmup().toNanos();
        Window warm = windows.open("warm-up", rates.get(0), now, next);
        driver.start();
        sleepWithProgress(population, warm, next);
        CpuShare.Mark whole = CpuShare.mark(probe);
        List<Window> judged = new ArrayList<>();
        List<Boolean> sustained = new ArrayList<>();
        double highest = -1;
        Window previous = null;
        for (int i = 0; i <= rates.size(); i++) {
            Window current = null;
            CpuShare.Mark mark = CpuShare.mark(probe);
            if (i < rates.size()) {
                current = windows.open("stage " + (i + 1), rates.get(i), next, next + stageNanos);
                driver.rate(rates.get(i));
            } else {
                driver.stop();
            }
            if (previous != null) {
                sleepWithProgress(population, current, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
                StageResult s = judge(previous);
                judged.add(previous);
                sustained.add(s.sustained());
                if (!s.sustained()) {
                    break;
                }
                highest = s.rate();
            }
            if (current == null) {
                break;
            }
            sleepWithProgress(population, current, current.end);
            current.cpu = mark.read();
            next = current.end;
            previous = current;
        }
        driver.stop();
        CpuShare cpu = whole.read();
        // judged one second after each stage; reported once everything has drained, with what is still missing
        drain(judged, ledger);
        List<StageResult> stages = new ArrayList<>();
        for (int i = 0; i < judged.size(); i++) {
            stages.add(StageResult.of(judged.get(i), sustained.get(i)));
        }
        return new Run(null, stages, highest, cpu);
    }

    private static StageResult judge(Window w) {
        StageResult s = StageResult.of(w, false);
        long asked = w.sentExpected.sum();
        double delivered = asked == 0 ? 0 : (double) s.deliveries() / asked;
        boolean ok = delivered >= MIN_DELIVERED && s.meanMs() <= MAX_STAGE_MEAN_MS && s.maxMs() <= MAX_STAGE_MAX_MS
                && s.secondHalfMeanMs() <= 2 * s.firstHalfMeanMs() + 20;
        return StageResult.of(w, ok);
    }

    private Run hold(Population population) throws InterruptedException {
        CpuShare.Mark mark = CpuShare.mark(probe);
        sleepWithProgress(population, null, System.nanoTime() + options.duration().toNanos());
        return new Run(null, List.of(), -1, mark.read());
    }

    /**
     * Waits (at most 10 s) until every post of the windows has its answer and their deliveries
     * reach what the stored ones should make, or nothing has arrived for 2 s; then counts each
     * window exactly from the ledger and reports what is still missing.
     */
    private void drain(List<Window> ws, DeliveryLedger ledger) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long d = 0;
            long expected = 0;
            boolean answered = true;
            for (Window w : ws) {
                d += w.deliveries.sum();
                expected += w.expected.sum();
                answered &= w.allAnswered();
            }
            if (answered && d >= expected) {
                break;
            }
            if (d != last) {
                last = d;
                stableSince = System.nanoTime();
            } else if (answered && System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(2)) {
                break;
            }
            Thread.sleep(50);
        }
        for (Window w : ws) {
            w.tally = ledger.tally(w, MISSING_NAMED);
            if (w.tally.missing() > 0) {
                out.printf(Locale.ROOT, "%s: %d deliveries missing after the drain, first: %s%n", w.name, w.tally.missing(),
                        String.join("; ", w.tally.missingNamed()));
            }
        }
    }

    /** Sleeps until {@code until}, printing a progress line every second. */
    private void sleepWithProgress(Population population, Window w, long until) throws InterruptedException {
        long lastStored = w == null ? 0 : w.stored.sum();
        long lastDeliveries = w == null ? 0 : w.deliveries.sum();
        long lastAt = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (now >= until) {
                return;
            }
            long nextTick = lastAt + TimeUnit.SECONDS.toNanos(1);
            TimeUnit.NANOSECONDS.sleep(Math.min(until, nextTick) - now);
            if (System.nanoTime() < nextTick) {
                continue;
            }
            long at = System.nanoTime();
            double secs = (at - lastAt) / 1e9;
            if (w == null) {
                out.printf(Locale.ROOT, "%s sessions=%d%n", options.idle() ? "holding" : "warm-up", population.open());
            } else {
                long stored = w.stored.sum();
                long deliveries = w.deliveries.sum();
                out.printf(Locale.ROOT, "%s t=%.0fs sessions=%d posts/s=%.0f deliveries/s=%.0f p99=%.1fms errors=%d 503=%d%n",
                        w.name, w.seconds(at), population.open(), (stored - lastStored) / secs, (deliveries - lastDeliveries) / secs,
                        w.latency.getValueAtPercentile(99) / 1000.0, w.errors.sum(), w.refused.sum());
                lastStored = stored;
                lastDeliveries = deliveries;
            }
            lastAt = at;
        }
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }
}
