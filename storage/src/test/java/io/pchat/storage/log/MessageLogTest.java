package io.pchat.storage.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pchat.storage.FencedWriteException;
import io.pchat.storage.TestDatabases;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageLogTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void concurrentAppendsAreNumberedPerRoomWithoutGapStoredAsAcknowledgedAndGroupCommitted(TestDatabases kind)
            throws Exception {
        int threads = 8;
        int rooms = 10;
        int perThreadPerRoom = 25;
        try (LogFixture f = new LogFixture(kind, java.time.Clock.systemUTC(),
                b -> b.groupCommitMaxBatch(64).groupCommitMaxWait(Duration.ofMillis(2)))) {
            Map<String, List<Long>> completionOrder = new ConcurrentHashMap<>();
            // the durable-message listener runs on the writer thread, batch by batch
            f.log.addDurableListener(batch -> batch.forEach(m -> completionOrder.computeIfAbsent(m.roomId(),
                    k -> Collections.synchronizedList(new ArrayList<>())).add(m.msgid())));
            List<CompletableFuture<StoredMessage>> futures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.execute(() -> {
                    await(start);
                    for (int i = 0; i < perThreadPerRoom; i++) {
                        for (int r = 0; r < rooms; r++) {
                            futures.add(f.log.append(
                                    NewMessage.chat("room-" + r, "sip:u" + thread + "@x", "t" + thread + " #" + i)));
                        }
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            List<StoredMessage> acked = LogFixture.joinAll(futures);

            int total = threads * rooms * perThreadPerRoom;
            assertThat(acked).hasSize(total);
            for (int r = 0; r < rooms; r++) {
                String room = "room-" + r;
                long n = (long) threads * perThreadPerRoom;
                List<StoredMessage> ackedInRoom = acked.stream().filter(m -> m.roomId().equals(room))
                        .sorted((a, b) -> Long.compare(a.msgid(), b.msgid())).toList();
                assertThat(ackedInRoom).extracting(StoredMessage::msgid)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
                assertThat(f.stored(room)).containsExactlyElementsOf(ackedInRoom);
                assertThat(completionOrder.get(room)).as("told once per message, in msgid order")
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
            }
            LogStats stats = f.log.stats();
            assertThat(stats.messages()).isEqualTo(total);
            assertThat(stats.batches()).as("group commit puts many messages in one transaction")
                    .isLessThan(total / 4);
            assertThat(stats.failedBatches()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aFencedBatchFailsEveryFutureInItAndTheNextAppendContinuesWithoutGap(TestDatabases kind) throws Exception {
        try (LogFixture f = new LogFixture(kind)) {
            for (int i = 0; i < 3; i++) {
                f.post("r", "sip:a@x", "before " + i);
            }
            CountDownLatch release = f.holdWriter();
            List<CompletableFuture<StoredMessage>> doomed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                doomed.add(f.log.append(NewMessage.chat(i % 2 == 0 ? "r" : "s", "sip:a@x", "doomed " + i)));
            }
            f.raiseStoreEpoch(2); // another node failed the pool over meanwhile
            release.countDown();

            for (CompletableFuture<StoredMessage> d : doomed) {
                assertThatThrownBy(d::join).isInstanceOf(CompletionException.class)
                        .hasCauseInstanceOf(FencedWriteException.class);
            }
            assertThat(f.stored("r")).hasSize(3);
            assertThat(f.stored("s")).isEmpty();
            assertThat(f.log.stats().failedBatches()).isEqualTo(1);

            f.epoch.advanceTo(2);
            assertThat(f.post("r", "sip:a@x", "after").msgid()).isEqualTo(4);
            assertThat(f.post("s", "sip:a@x", "after").msgid()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "H2")
    void aFullQueueRefusesAtOnceAndNothingRefusedIsStored(TestDatabases kind) throws Exception {
        try (LogFixture f = new LogFixture(kind, java.time.Clock.systemUTC(),
                b -> b.groupCommitMaxBatch(8).appendQueueCapacity(8))) {
            CountDownLatch release = f.holdWriter();
            List<CompletableFuture<StoredMessage>> accepted = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                accepted.add(f.log.append(NewMessage.chat("r", "sip:a@x", "ok " + i)));
            }
            CompletableFuture<StoredMessage> refused = f.log.append(NewMessage.chat("r", "sip:a@x", "refused"));

            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).hasCauseInstanceOf(LogOverloadedException.class);
            release.countDown();
            assertThat(LogFixture.joinAll(accepted)).extracting(StoredMessage::msgid)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            assertThat(f.stored("r")).extracting(StoredMessage::text).doesNotContain("refused").hasSize(8);
            assertThat(f.log.stats().refused()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = {"H2", "POSTGRESQL"})
    void closeWritesEverythingQueuedAndThenRefusesAppends(TestDatabases kind) {
        LogFixture f = new LogFixture(kind);
        List<CompletableFuture<StoredMessage>> queued = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            queued.add(f.log.append(NewMessage.chat("room-" + (i % 7), "sip:a@x", "m" + i)));
        }
        f.log.close();

        assertThat(queued).allMatch(q -> q.isDone() && !q.isCompletedExceptionally());
        assertThat(f.count()).isEqualTo(500);
        assertThatThrownBy(() -> f.log.append(NewMessage.chat("r", "sip:a@x", "late")).join())
                .hasCauseInstanceOf(LogClosedException.class);
        f.close();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void purgesReturnCountsAndNumberingGoesOnAfterThePurgedMessages(TestDatabases kind) {
        TestClock clock = new TestClock(java.time.Instant.parse("2024-01-01T00:00:00Z"));
        try (LogFixture f = new LogFixture(kind, clock, b -> b)) {
            for (int i = 0; i < 4; i++) {
                f.post("old", "sip:a@x", "old " + i);
            }
            f.post("kept", "sip:a@x", "old");
            clock.advance(Duration.ofHours(1));
            f.post("kept", "sip:a@x", "new");

            assertThat(f.log.purgeBefore(clock.instant()).join()).isEqualTo(5);
            assertThat(f.stored("old")).isEmpty();
            assertThat(f.stored("kept")).extracting(StoredMessage::text).containsExactly("new");
            assertThat(f.log.purgeRoom("kept").join()).isEqualTo(1);
            assertThat(f.log.purgeRoom("kept").join()).isZero();

            // even after a hand-over (counters reloaded from the store) the numbers are not reused
            f.log.forgetAllRooms().join();
            assertThat(f.post("old", "sip:a@x", "again").msgid()).isEqualTo(5);
            assertThat(f.post("kept", "sip:a@x", "again").msgid()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "H2")
    void forgetRoomReloadsTheCounterFromTheStore(TestDatabases kind) {
        try (LogFixture f = new LogFixture(kind)) {
            f.post("r", "sip:a@x", "one");
            // another owner appended meanwhile (hand-over and back)
            f.db().inTransaction(c -> {
                MessageRows.insert(c, 1, List.of(new StoredMessage("r", 2, java.time.Instant.now().truncatedTo(
                        java.time.temporal.ChronoUnit.MICROS), "sip:b@x", "two", false, null)));
                return null;
            });
            f.log.forgetRoom("r").join();
            assertThat(f.post("r", "sip:a@x", "three").msgid()).isEqualTo(3);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
