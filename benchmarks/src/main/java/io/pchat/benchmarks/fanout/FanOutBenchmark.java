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
 * The fan-out hot path (docs/design.md "Path of a message", step 5), from durable messages to the
 * bytes handed to every recipient's connection, for rooms of 30, 150, 1,000 and 16,000 dialogs.
 * The score is <b>deliveries per second</b> (one delivery = one message to one dialog); with
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is <b>bytes allocated per delivery</b>.
 *
 * <p>Each invocation hands {@value #DELIVERIES} / roomSize messages to the real {@code FanOut}
 * (as the message log's writer does with a durable batch) and waits until every event loop has
 * written and flushed each of them to every dialog: {@value #DELIVERIES} deliveries per
 * invocation whatever the room size, so the scores compare directly.
 *
 * <p>Measured: encoding the {@code grpchat} once per message (envelope, pooled body buffer), one
 * task per event loop and message, the real {@code LiveRoom}/{@code RoomPartition}/{@code
 * Participant} arrays, per dialog what {@code Dialog.sendShared} writes ({@link
 * FastWriterSession}: {@code DialogInfoWriter} header + retained duplicate of the shared body,
 * through the channel pipeline into its outbound buffer) and one flush per dialog, which hands
 * the buffers to the transport and releases them once "written".
 *
 * <p>Transports ({@code transport} parameter): {@code sink} ({@link SinkChannel}: a real channel
 * whose transport drops what is flushed: the node's costs only, the allocation figure to read)
 * and {@code local} (Netty {@code LocalChannel} pairs, the far end on the same event loop reading
 * and releasing everything; Netty 4.2's local transport copies what the far end reads into a new
 * buffer and queues each message in a linked queue, which shows in time and in bytes per
 * delivery but is not the node's).
 *
 * <p>Not measured: socket system calls and kernel copies (16,000 loopback TCP pairs would also
 * exceed this machine's 20,000 file descriptors), the {@code NodeTransactions} entry the real
 * {@code Dialog} records per INFO (see {@link FastWriterSession}), and the message log itself
 * (see {@code MessageLogAppendBenchmark}). {@link FanOutJainSipBenchmark} is the same fan-out
 * with one JAIN-SIP request object per recipient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FanOutBenchmark {
    /** Deliveries per invocation: a multiple of every room size. */
    static final int DELIVERIES = 48_000;

    @Param({"30", "150", "1000", "16000"})
    public int roomSize;

    /** {@code sink}: the connection drops what is flushed; {@code local}: a Netty LocalChannel pair. */
    @Param({"sink", "local"})
    public String transport;

    private FanOutFixture fixture;
    private List<StoredMessage> batch;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        fixture = new FanOutFixture(roomSize, FanOutFixture.Transport.valueOf(transport.toUpperCase(Locale.ROOT)), FastWriterSession::new);
        batch = FanOutFixture.messages(DELIVERIES / roomSize);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    @OperationsPerInvocation(DELIVERIES)
    public void fastWriter() {
        fixture.deliverAndWait(batch);
    }
}
