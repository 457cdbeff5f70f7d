package io.pchat.storage.log;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

import io.pchat.storage.TestDatabases;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.pool.PoolEpoch;

/** One node's log on a fresh database of a given kind, and helpers to look at what it stored. */
final class LogFixture implements AutoCloseable {
    final Endpoints endpoints;
    final PoolEpoch epoch = new PoolEpoch(1);
    final HistoryCache cache;
    final MessageLog log;
    final MessageHistory history;

    LogFixture(TestDatabases kind, Clock clock, UnaryOperator<StorageConfig.Builder> settings) {
        StorageConfig config = settings.apply(StorageConfig.builder().primary(kind.fresh())
                .connectionTimeout(Duration.ofSeconds(2))).build();
        endpoints = Endpoints.open(config);
        cache = HistoryCache.of(config);
        log = MessageLog.open(endpoints, epoch, cache, LogReplica.NONE, clock);
        history = MessageHistory.open(endpoints, cache, 2);
    }

    LogFixture(TestDatabases kind) {
        this(kind, Clock.systemUTC(), b -> b);
    }

    Database db() {
        return endpoints.writer();
    }

    /** Holds the writer thread until the returned latch is counted down: appends queue up meanwhile. */
    CountDownLatch holdWriter() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        log.betweenBatches(() -> {
            held.countDown();
            release.await();
            return null;
        });
        held.await();
        return release;
    }

    List<StoredMessage> stored(String roomId) {
        return db().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + MessageRows.COLUMNS + " FROM chat_message WHERE room_id = ? ORDER BY msgid")) {
                s.setString(1, roomId);
                try (ResultSet rs = s.executeQuery()) {
                    List<StoredMessage> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(MessageRows.message(rs));
                    }
                    return out;
                }
            }
        });
    }

    long count() {
        return db().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM chat_message");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    void raiseStoreEpoch(long to) {
        db().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE pool_state SET epoch = ? WHERE id = 1")) {
                s.setLong(1, to);
                return s.executeUpdate();
            }
        });
    }

    StoredMessage post(String roomId, String author, String text) {
        return log.append(NewMessage.chat(roomId, author, text)).join();
    }

    static <T> List<T> joinAll(List<CompletableFuture<T>> futures) {
        List<T> out = new ArrayList<>();
        for (CompletableFuture<T> f : futures) {
            out.add(f.join());
        }
        return out;
    }

    @Override
    public void close() {
        history.close();
        log.close();
        endpoints.close();
    }
}
