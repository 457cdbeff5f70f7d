package io.pchat.client.pool;

import io.pchat.client.ChatMessage;
import io.pchat.protocol.xccos.Gap;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Live messages and pages of history, in any order and overlapping, become one stream in msgid order, each once. */
class RoomSequenceTest {

    /** Records what the sequence does. */
    static final class Recording implements RoomSequence.Sink {
        final List<Long> delivered = new ArrayList<>();
        final List<Long> fromHistory = new ArrayList<>();
        final List<Long> duplicates = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> known = new ArrayList<>();

        @Override
        public void deliver(ChatMessage message, boolean history) {
            delivered.add(message.msgid());
            if (history) {
                fromHistory.add(message.msgid());
            }
        }

        @Override
        public void duplicate(ChatMessage message) {
            duplicates.add(message.msgid());
        }

        @Override
        public void skipped(long first, long last) {
            skipped.add(first + ".." + last);
        }

        @Override
        public void known(long first, long last) {
            known.add(first + ".." + last);
        }
    }

    private final Recording sink = new Recording();

    static ChatMessage m(long msgid) {
        return new ChatMessage(msgid, "ma-chan://example.com/r", "sip:bob@example.com", Instant.EPOCH, "m" + msgid, false, null);
    }

    static List<ChatMessage> ms(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(RoomSequenceTest::m).toList();
    }

    static List<Long> ids(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void consecutiveLiveMessagesAreDeliveredAtOnceAndRepeatsAreDroppedAsDuplicates() {
        RoomSequence seq = new RoomSequence(100, sink);
        seq.start(4);

        seq.offerLive(m(5));
        seq.offerLive(m(6));
        seq.offerLive(m(6));
        seq.offerLive(m(3));
        seq.offerLive(m(7));

        assertThat(sink.delivered).containsExactly(5L, 6L, 7L);
        assertThat(sink.duplicates).containsExactly(6L, 3L);
        assertThat(seq.last()).isEqualTo(7);
        assertThat(seq.nextFetch()).isEmpty();
        assertThat(seq.caughtUp()).isTrue();
    }

    @Test
    void aJumpHoldsTheMessageAndAsksForTheMissingOnesWhichAreThenDeliveredInOrder() {
        RoomSequence seq = new RoomSequence(100, sink);
        seq.start(10);

        seq.offerLive(m(11));
        seq.offerLive(m(14));
        seq.offerLive(m(15));

        assertThat(sink.delivered).containsExactly(11L);
        assertThat(seq.heldCount()).isEqualTo(2);
        RoomSequence.Fetch fetch = seq.nextFetch().orElseThrow();
        assertThat(fetch).isEqualTo(new RoomSequence.Fetch(14, 2));
        assertThat(seq.nextFetch()).as("one fetch at a time").isEmpty();
        seq.offerLive(m(16));
        assertThat(sink.delivered).containsExactly(11L);

        seq.fetched(fetch, ms(12, 13));

        assertThat(sink.delivered).containsExactly(11L, 12L, 13L, 14L, 15L, 16L);
        assertThat(sink.fromHistory).containsExactly(12L, 13L);
        assertThat(sink.skipped).isEmpty();
        assertThat(seq.caughtUp()).isTrue();
    }

    @Test
    void aLongHoleIsFilledPageByPageGoingBackEvenWhenTheNodeGivesLessThanAsked() {
        RoomSequence seq = new RoomSequence(15, sink);
        seq.start(10);
        seq.offerLive(m(50));

        List<RoomSequence.Fetch> asked = new ArrayList<>();
        RoomSequence.Fetch f = seq.nextFetch().orElseThrow();
        asked.add(f);
        seq.fetched(f, ms(35, 49));
        f = seq.nextFetch().orElseThrow();
        asked.add(f);
        seq.fetched(f, ms(25, 34)); // the node caps pages at 10
        f = seq.nextFetch().orElseThrow();
        asked.add(f);
        seq.fetched(f, ms(10, 24)); // overlaps what was delivered (10)

        assertThat(asked).containsExactly(new RoomSequence.Fetch(50, 15), new RoomSequence.Fetch(35, 15),
                new RoomSequence.Fetch(25, 14));
        assertThat(sink.delivered).containsExactlyElementsOf(ids(11, 50));
        assertThat(sink.fromHistory).containsExactlyElementsOf(ids(11, 49));
        assertThat(sink.duplicates).as("history overlap is not a duplicate").isEmpty();
        assertThat(seq.nextFetch()).isEmpty();
        assertThat(seq.caughtUp()).isTrue();
    }

    @Test
    void historyPagesInAnyOrderWithRepeatsAndLiveCopiesGiveEveryMsgidOnceInOrder() {
        RoomSequence seq = new RoomSequence(100, sink);
        seq.start(0);
        List<ChatMessage> shuffled = new ArrayList<>(ms(1, 40));
        shuffled.addAll(ms(10, 20));
        Collections.shuffle(shuffled, new Random(7));

        seq.offerLive(m(41));
        seq.offerHistory(shuffled.subList(0, 25));
        seq.offerLive(m(42));
        seq.offerHistory(shuffled.subList(25, shuffled.size()));
        seq.offerLive(m(42));

        assertThat(sink.delivered).containsExactlyElementsOf(ids(1, 42));
        assertThat(sink.duplicates).containsExactly(42L);
    }

    @Test
    void anAnswerAboutAHoleThatMovedMeanwhileDoesNotSkipWhatIsStillMissingItIsAskedForAgain() {
        // A rejoin: the pool had delivered 11; the catch-up page (18..27) is on its way when a live 28 arrives
        RoomSequence seq = new RoomSequence(10, sink);
        seq.start(11);
        seq.offerLive(m(28));
        RoomSequence.Fetch stale = seq.nextFetch().orElseThrow();
        assertThat(stale).isEqualTo(new RoomSequence.Fetch(28, 10));
        seq.offerHistory(ms(18, 27)); // the catch-up page lands first: the hole is 12..17 now

        seq.fetched(stale, ms(18, 27)); // the answer about the old hole brings nothing below 18

        assertThat(sink.skipped).as("12..17 exist: nobody asked for them yet").isEmpty();
        RoomSequence.Fetch current = seq.nextFetch().orElseThrow();
        assertThat(current).isEqualTo(new RoomSequence.Fetch(18, 6));
        seq.fetched(current, ms(12, 17));
        assertThat(sink.delivered).containsExactlyElementsOf(ids(12, 28));
        assertThat(seq.caughtUp()).isTrue();
    }

    @Test
    void aPageThatBringsNothingIntoTheHoleSkipsItReportsItAndDeliveryGoesOn() {
        RoomSequence seq = new RoomSequence(100, sink);
        seq.start(3);
        seq.offerLive(m(9));
        RoomSequence.Fetch f = seq.nextFetch().orElseThrow();

        seq.fetched(f, ms(1, 3)); // only what we have: the history has nothing between 3 and 9

        assertThat(sink.skipped).containsExactly("4..8");
        assertThat(sink.delivered).containsExactly(9L);
        assertThat(seq.caughtUp()).isTrue();
    }

    @Test
    void aGapTheHistoryNamesIsSteppedOverWithoutBeingReportedAndAHoleAboveItIsStillFetched() {
        RoomSequence seq = new RoomSequence(10, sink);
        seq.start(14); // 12..14 were delivered before a failover skipped 12..1011 (the lost side's messages)
        seq.offerLive(m(1030));
        RoomSequence.Fetch first = seq.nextFetch().orElseThrow();
        assertThat(first).isEqualTo(new RoomSequence.Fetch(1030, 10));
        seq.fetched(first, ms(1020, 1029), List.of()); // below 1020 still missing
        RoomSequence.Fetch second = seq.nextFetch().orElseThrow();
        assertThat(second).isEqualTo(new RoomSequence.Fetch(1020, 10));
        // the page below 1020 holds 1012..1019 and names the gap 12..1011
        seq.fetched(second, ms(1012, 1019), List.of(new Gap(12, 1011)));

        assertThat(sink.delivered).containsExactlyElementsOf(ids(1012, 1030));
        assertThat(sink.known).containsExactly("15..1011");
        assertThat(sink.skipped).isEmpty();
        assertThat(seq.caughtUp()).isTrue();
    }

    @Test
    void aNamedGapWithAHoleAboveItIsProgressSoTheHoleIsFetchedNotSkipped() {
        RoomSequence seq = new RoomSequence(10, sink);
        seq.start(2);
        seq.offerLive(m(1050));
        RoomSequence.Fetch fetch = seq.nextFetch().orElseThrow();
        seq.fetched(fetch, List.of(), List.of(new Gap(3, 1002))); // a page that brings only the gap
        assertThat(sink.skipped).isEmpty();
        assertThat(seq.last()).isEqualTo(1002);
        assertThat(seq.nextFetch()).contains(new RoomSequence.Fetch(1050, 10));
    }

    @Test
    void aRoomWithoutHistorySkipsTheHoleWhenTheFetchIsRefused() {
        RoomSequence seq = new RoomSequence(100, sink);
        seq.start(3);
        seq.offerLive(m(6));
        seq.offerLive(m(7));

        seq.fetchUnavailable(seq.nextFetch().orElseThrow());

        assertThat(sink.skipped).containsExactly("4..5");
        assertThat(sink.delivered).containsExactly(6L, 7L);
    }

    @Test
    void aHoleInTheStoreCostsOneMoreFetchAndSkipsOnlyTheMissingMessage() {
        RoomSequence seq = new RoomSequence(100, sink);
        seq.start(10);
        seq.offerLive(m(20));

        RoomSequence.Fetch first = seq.nextFetch().orElseThrow();
        List<ChatMessage> withoutFifteen = new ArrayList<>(ms(11, 19));
        withoutFifteen.removeIf(m -> m.msgid() == 15);
        seq.fetched(first, withoutFifteen);
        RoomSequence.Fetch second = seq.nextFetch().orElseThrow();
        seq.fetched(second, ms(14, 14));

        assertThat(first).isEqualTo(new RoomSequence.Fetch(20, 9));
        assertThat(second).isEqualTo(new RoomSequence.Fetch(16, 1));
        assertThat(sink.skipped).containsExactly("15..15");
        assertThat(sink.delivered).containsExactly(11L, 12L, 13L, 14L, 16L, 17L, 18L, 19L, 20L);
    }

    @Test
    void anAbandonedFetchIsAskedForAgainAndALateAnswerToItIsIgnored() {
        RoomSequence seq = new RoomSequence(100, sink);
        seq.start(0);
        seq.offerLive(m(4));
        RoomSequence.Fetch lostOne = seq.nextFetch().orElseThrow();

        seq.fetchAbandoned();
        RoomSequence.Fetch again = seq.nextFetch().orElseThrow();
        seq.fetched(lostOne, List.of());

        assertThat(again).isEqualTo(lostOne).isNotSameAs(lostOne);
        assertThat(sink.skipped).isEmpty();
        seq.fetched(again, ms(1, 3));
        assertThat(sink.delivered).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void beforeTheStartNothingIsDeliveredAndTheStartDropsWhatIsNotAfterIt() {
        RoomSequence seq = new RoomSequence(100, sink);
        seq.offerLive(m(7));
        seq.offerLive(m(8));
        seq.offerLive(m(9));
        assertThat(seq.nextFetch()).isEmpty();
        assertThat(sink.delivered).isEmpty();

        seq.start(8);

        assertThat(sink.delivered).containsExactly(9L);
        assertThat(sink.duplicates).isEmpty();
        assertThatThrownBy(() -> seq.start(2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startingAtTheFirstMessageTakesTheLowestHeldOrTheNextOffered() {
        RoomSequence held = new RoomSequence(100, sink);
        held.offerLive(m(21));
        held.offerLive(m(22));
        held.startAtFirst();
        assertThat(sink.delivered).containsExactly(21L, 22L);

        Recording other = new Recording();
        RoomSequence empty = new RoomSequence(100, other);
        empty.startAtFirst();
        assertThat(empty.started()).isFalse();
        empty.offerLive(m(30));
        empty.offerLive(m(31));
        assertThat(other.delivered).containsExactly(30L, 31L);
        assertThat(empty.last()).isEqualTo(31);
    }

    @Test
    void aRoomThatWentBackIsDeliveredFromItsNewNewestOn() {
        RoomSequence seq = new RoomSequence(100, sink);
        seq.start(50);
        seq.offerLive(m(60));

        seq.rewindTo(45);
        seq.offerLive(m(46));

        assertThat(seq.last()).isEqualTo(46);
        assertThat(sink.delivered).containsExactly(46L);
        assertThat(seq.caughtUp()).isTrue();
    }

    @Test
    void theFetchCountIsBoundedByThePageSizeAndByTheHole() {
        RoomSequence seq = new RoomSequence(7, sink);
        seq.start(100);
        seq.offerLive(m(103));
        assertThat(seq.nextFetch()).contains(new RoomSequence.Fetch(103, 2));
        seq.fetched(new RoomSequence.Fetch(103, 2), List.of()); // not the outstanding one: ignored
        assertThat(seq.fetchOutstanding()).isTrue();

        RoomSequence big = new RoomSequence(7, new Recording());
        big.start(0);
        big.offerLive(m(1000));
        assertThat(big.nextFetch()).contains(new RoomSequence.Fetch(1000, 7));
    }
}
