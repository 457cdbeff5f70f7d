package io.pchat.benchmarks.fanout;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.pchat.storage.log.StoredMessage;

/**
 * {@link FanOutBenchmark} with the per-recipient work done the JAIN-SIP way
 * ({@link JainSipSession}): per delivery, one {@code SIPRequest} built through JAIN-SIP's
 * factories from the dialog's values and encoded into a pooled buffer, instead of the
 * pre-encoded {@code DialogInfoWriter} header. Everything else (rooms, partitions, event loops,
 * {@code LocalChannel}s, the wait) is identical, so the ratio of the two scores per room size is
 * what the fast writer buys. Scores are deliveries per second; {@code -prof gc} gives bytes per
 * delivery.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FanOutJainSipBenchmark {
    static final int DELIVERIES = FanOutBenchmark.DELIVERIES;

    @Param({"30", "150", "1000", "16000"})
    public int roomSize;

    /** {@code sink}: the connection drops what is flushed; {@code local}: a Netty LocalChannel pair. */
    @Param({"sink"})
    public String transport;

    private FanOutFixture fixture;
    private List<StoredMessage> batch;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        fixture = new FanOutFixture(roomSize, FanOutFixture.Transport.valueOf(transport.toUpperCase(Locale.ROOT)), FanOutFixture.jainSip());
        batch = FanOutFixture.messages(DELIVERIES / roomSize);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    @OperationsPerInvocation(DELIVERIES)
    public void jainSipObjects() {
        fixture.deliverAndWait(batch);
    }
}
