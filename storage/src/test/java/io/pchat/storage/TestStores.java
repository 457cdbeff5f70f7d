package io.pchat.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.pool.PoolEpoch;

/**
 * Chat stores on fresh test databases. A test class keeps one store per database kind
 * ({@link #of}) and closes them after all its tests ({@link #close}); tests keep out of each
 * other's way with {@link #unique} names.
 */
public final class TestStores implements AutoCloseable {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Map<TestDatabases, ChatStore> stores = new EnumMap<>(TestDatabases.class);
    public final TestClock clock = new TestClock(Instant.parse("2026-11-26T09:00:00Z"));

    /** A store on a new, empty database of this kind, with its own epoch and clock. */
    public static ChatStore fresh(TestDatabases kind, PoolEpoch epoch, Clock clock) {
        return ChatStore.open(StorageConfig.builder().primary(kind.fresh()).build(), epoch, clock);
    }

    /** This class's store for {@code kind}, opened on first use (epoch 1, the shared test clock). */
    public synchronized ChatStore of(TestDatabases kind) {
        return stores.computeIfAbsent(kind, k -> fresh(k, new PoolEpoch(1), clock));
    }

    /** {@code base} with a suffix no other test of this JVM uses. */
    public static String unique(String base) {
        return base + "-" + NAMES.incrementAndGet();
    }

    /** A user URI no other test of this JVM uses, in {@code domain}. */
    public static String user(String name, String domain) {
        return "sip:" + unique(name) + "@" + domain;
    }

    @Override
    public synchronized void close() {
        stores.values().forEach(ChatStore::close);
        stores.clear();
    }

    /** A clock tests move by hand. */
    public static final class TestClock extends Clock {
        private volatile Instant now;

        public TestClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
