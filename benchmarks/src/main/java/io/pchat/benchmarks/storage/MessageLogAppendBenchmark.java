package io.pchat.benchmarks.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

import io.pchat.storage.ChatStore;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.pool.PoolEpoch;

/**
 * Durable appends per second through {@code MessageLog} with group commit, on the embedded
 * default (an H2 file on local disk), for batch limits of 1, 16 and 256. Each invocation puts
 * {@value #WINDOW} posts over {@value #ROOMS} rooms in flight at once (as many connections would)
 * and waits until every one is durable; the score is appends per second. Includes: the queue
 * hand-off, msgid assignment, the JDBC batch insert and commit, future completion.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MessageLogAppendBenchmark {
    static final int WINDOW = 256;
    static final int ROOMS = 16;

    @Param({"1", "16", "256"})
    public int maxBatch;

    private Path dir;
    private ChatStore store;
    private String[] rooms;
    private final CompletableFuture<?>[] window = new CompletableFuture<?>[WINDOW];

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("pchat-bench-log");
        store = ChatStore.open(StorageConfig.embedded(dir).groupCommitMaxBatch(maxBatch).build(), new PoolEpoch(1));
        rooms = new String[ROOMS];
        for (int i = 0; i < ROOMS; i++) {
            rooms[i] = "bench-room-" + i;
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public void appendDurably() {
        for (int i = 0; i < WINDOW; i++) {
            window[i] = store.messageLog().append(new NewMessage(rooms[i % ROOMS], "sip:bench@example.com",
                    "benchmark message number " + i, false, null));
        }
        CompletableFuture.allOf(window).join();
    }
}
