package io.pchat.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pchat.lifecycle.LifeCycle;
import io.pchat.storage.StorageException;
import io.pchat.storage.TestDatabases;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageHistoryTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00.123456789Z");

    /** 30 messages in room "r", one batch a minute; every third by bob, text "Hello #i" or "bye #i". */
    private static List<StoredMessage> fill(LogFixture f, TestClock clock) {
        List<StoredMessage> acked = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            String author = i % 3 == 0 ? "sip:bob@x" : "sip:alice@x";
            String text = i % 2 == 0 ? "Hello #" + i + " 100%_[done]" : "bye #" + i;
            acked.add(f.log.append(new NewMessage("r", author, text, i == 7, i == 9 ? "story" : null)).join());
            clock.advance(Duration.ofMinutes(1));
        }
        f.post("other", "sip:bob@x", "hello from elsewhere");
        return acked;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void lastAndBeforePageBackOldestFirstAndTimesAreMicroseconds(TestDatabases kind) {
        TestClock clock = new TestClock(T0);
        try (LogFixture f = new LogFixture(kind, clock, b -> b.historyCacheRooms(0))) {
            List<StoredMessage> acked = fill(f, clock);

            assertThat(acked.get(0).ts()).isEqualTo(Instant.parse("2024-03-01T10:00:00.123456Z"));
            assertThat(f.history.last("r", 5).join()).containsExactlyElementsOf(acked.subList(25, 30));
            assertThat(f.history.last("r", 100).join()).containsExactlyElementsOf(acked);
            assertThat(f.history.before("r", 11, 4).join()).containsExactlyElementsOf(acked.subList(6, 10));
            assertThat(f.history.before("r", 3, 10).join()).containsExactlyElementsOf(acked.subList(0, 2));
            assertThat(f.history.last("nobody", 5).join()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void searchMatchesTextCaseInsensitivelyAuthorAndTimeRangeNewestFirstUpToTheLimit(TestDatabases kind) {
        TestClock clock = new TestClock(T0);
        try (LogFixture f = new LogFixture(kind, clock, b -> b)) {
            List<StoredMessage> acked = fill(f, clock);

            assertThat(f.history.search(HistorySearch.text("r", "HELLO", 100)).join())
                    .extracting(StoredMessage::msgid)
                    .containsExactly(30L, 28L, 26L, 24L, 22L, 20L, 18L, 16L, 14L, 12L, 10L, 8L, 6L, 4L, 2L);
            assertThat(f.history.search(HistorySearch.text("r", "hello", 3)).join())
                    .extracting(StoredMessage::msgid).containsExactly(30L, 28L, 26L);
            assertThat(f.history.search(HistorySearch.text("r", "100%_[", 2)).join())
                    .extracting(StoredMessage::msgid).containsExactly(30L, 28L);
            assertThat(f.history.search(HistorySearch.text("r", "0%x", 2)).join()).isEmpty();
            assertThat(f.history.search(HistorySearch.text("r", "hello", 100).byAuthor("sip:bob@x")).join())
                    .extracting(StoredMessage::msgid).containsExactly(30L, 24L, 18L, 12L, 6L);
            Instant from = acked.get(9).ts(); // msgid 10
            Instant to = acked.get(14).ts(); // msgid 15, excluded
            assertThat(f.history.search(new HistorySearch("r", null, null, from, to, 100)).join())
                    .extracting(StoredMessage::msgid).containsExactly(14L, 13L, 12L, 11L, 10L);
            assertThat(f.history.search(new HistorySearch("r", "bye", "sip:bob@x", from, null, 100)).join())
                    .containsExactly(acked.get(26), acked.get(20), acked.get(14));
        }
    }

    @Test
    void aReadWhileItsReadersAreNotRunningFailsAtOnceAndNothingStartsThemButStart() {
        try (LogFixture f = new LogFixture(TestDatabases.H2)) {
            StoredMessage one = f.post("r", "sip:a@x", "one");
            MessageHistory history = new MessageHistory(f.endpoints, new HistoryCache(0, 20), 1);
            assertThat(history.state()).isEqualTo(LifeCycle.State.STOPPED);
            assertThat(history.last("r", 1)).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(StorageException.class).withMessageContaining("not running");

            history.startUnchecked();
            assertThat(history.last("r", 1).join()).containsExactly(one);

            history.close();
            assertThat(history.state()).isEqualTo(LifeCycle.State.STOPPED);
            assertThat(history.search(HistorySearch.text("r", "one", 10)))
                    .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(StorageException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void theCacheAnswersExactlyLikeTheDatabaseAndAPurgeInvalidatesIt(TestDatabases kind) {
        TestClock clock = new TestClock(T0);
        try (LogFixture f = new LogFixture(kind, clock, b -> b.historyCacheMessages(20))) {
            List<StoredMessage> acked = fill(f, clock);
            MessageHistory uncached = MessageHistory.open(f.endpoints, new HistoryCache(0, 20), 1);

            assertThat(f.history.last("r", 10).join()).containsExactlyElementsOf(acked.subList(20, 30));
            long reads = f.history.databaseReads();
            // the tail is cached now: these come from memory and equal the database's answers
            assertThat(f.history.last("r", 10).join()).isEqualTo(uncached.last("r", 10).join());
            assertThat(f.history.last("r", 20).join()).isEqualTo(uncached.last("r", 20).join());
            assertThat(f.history.before("r", 25, 5).join()).isEqualTo(uncached.before("r", 25, 5).join());
            assertThat(f.history.databaseReads()).isEqualTo(reads);
            assertThat(f.history.cacheHits()).isEqualTo(3);

            // appends feed the cache as they commit
            StoredMessage next = f.post("r", "sip:a@x", "fresh");
            assertThat(f.history.last("r", 2).join()).containsExactly(acked.get(29), next);
            assertThat(f.history.databaseReads()).isEqualTo(reads);

            // more than the cache holds, or older than its tail: the database answers, the same way
            assertThat(f.history.last("r", 25).join()).isEqualTo(uncached.last("r", 25).join()).hasSize(25);
            assertThat(f.history.before("r", 12, 5).join()).isEqualTo(uncached.before("r", 12, 5).join());
            assertThat(f.history.databaseReads()).isEqualTo(reads + 2);

            f.log.purgeRoom("r").join();
            assertThat(f.history.last("r", 10).join()).isEmpty();
            assertThat(f.post("r", "sip:a@x", "after purge").msgid()).isEqualTo(32);
            assertThat(f.history.last("r", 10).join()).extracting(StoredMessage::msgid).containsExactly(32L);
            uncached.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "H2")
    void aRoomWithFewerMessagesThanTheCacheHoldsIsServedWholeFromMemory(TestDatabases kind) {
        try (LogFixture f = new LogFixture(kind)) {
            StoredMessage one = f.post("small", "sip:a@x", "one");
            assertThat(f.history.last("small", 50).join()).containsExactly(one);
            StoredMessage two = f.post("small", "sip:a@x", "two");
            long reads = f.history.databaseReads();
            assertThat(f.history.last("small", 50).join()).containsExactly(one, two);
            assertThat(f.history.before("small", 2, 50).join()).containsExactly(one);
            assertThat(f.history.databaseReads()).isEqualTo(reads);
        }
    }
}
