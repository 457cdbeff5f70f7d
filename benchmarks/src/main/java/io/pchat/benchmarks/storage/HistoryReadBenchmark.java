package io.pchat.benchmarks.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.pchat.storage.ChatStore;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.log.HistoryCache;
import io.pchat.storage.log.MessageHistory;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.pool.PoolEpoch;

/**
 * Reading the last 30 messages of a room of 2,000 (what a join's history costs) on the embedded
 * H2 file: from the recent-history cache of a hot room, and from the database with no cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HistoryReadBenchmark {
    private static final String ROOM = "bench-history-room";

    private Path dir;
    private ChatStore store;
    private MessageHistory uncached;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("pchat-bench-history");
        store = ChatStore.open(StorageConfig.embedded(dir).build(), new PoolEpoch(1));
        CompletableFuture<?>[] acks = new CompletableFuture<?>[2_000];
        for (int i = 0; i < acks.length; i++) {
            acks[i] = store.messageLog().append(new NewMessage(ROOM, "sip:bench@example.com", "history line " + i, false, null));
        }
        CompletableFuture.allOf(acks).join();
        uncached = MessageHistory.open(store.endpoints(), new HistoryCache(0, 1), 1);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        uncached.close();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public List<StoredMessage> last30FromCache() {
        return store.history().last(ROOM, 30).join();
    }

    @Benchmark
    public List<StoredMessage> last30FromDatabase() {
        return uncached.last(ROOM, 30).join();
    }
}
