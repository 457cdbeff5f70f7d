package io.pchat.client.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pchat.protocol.xccos.GroupChat;

/** Exact delivery accounting: each (post, recipient) once, duplicates and strays apart, the missing named. */
class DeliveryLedgerTest {

    /** Five users; room "east" has users 0..2, room "west" users 3, 4 and 0 (membership wraps around). */
    private final Population population = new Population(new LoadOptions("127.0.0.1", 5060, "example.com", 5,
            List.of(new RoomPlan("east", 3), new RoomPlan("west", 3)), 10, 1, Duration.ZERO, Duration.ofSeconds(1),
            List.of(), false, false), null);
    private final DeliveryLedger ledger = new DeliveryLedger(population);
    private final Window window = new Window("measured", 10, 0, Long.MAX_VALUE);

    @Test
    void membersAreCountedByTheirPlaceInTheRoomWrappingAroundTheUsers() {
        assertThat(population.slotOf(0, 1)).isEqualTo(2);
        assertThat(population.slotOf(3, 1)).isZero();
        assertThat(population.slotOf(2, 1)).isEqualTo(-1);
        assertThat(population.memberOfSlot(1, 2)).isZero();
    }

    @Test
    void everyMemberReachedOnceIsExactlyTheRoomsSizeWithNothingMissing() {
        DeliveryLedger.Post post = stored(1, 100);

        for (int user : new int[] {3, 4, 0}) {
            deliver(user, post, 7);
        }

        assertThat(window.deliveries.sum()).isEqualTo(3);
        assertThat(window.duplicates.sum()).isZero();
        assertThat(ledger.tally(window, 10)).isEqualTo(new DeliveryLedger.Tally(3, 0, List.of(), 0));
    }

    @Test
    void aSecondDeliveryToTheSameMemberIsADuplicateNotAnotherDelivery() {
        DeliveryLedger.Post post = stored(0, 100);

        deliver(1, post, 3);
        deliver(1, post, 3);

        assertThat(window.deliveries.sum()).isEqualTo(1);
        assertThat(window.duplicates.sum()).isEqualTo(1);
    }

    @Test
    void aMissingDeliveryIsNamedWithItsMsgidAndRecipient() {
        DeliveryLedger.Post reached = stored(0, 100);
        DeliveryLedger.Post never = stored(1, 200);
        DeliveryLedger.Post refused = ledger.add(1, window, 300); // answered 503: nothing is owed

        deliver(0, reached, 12);
        deliver(2, reached, 12);

        DeliveryLedger.Tally tally = ledger.tally(window, 10);
        assertThat(refused.stored).isFalse();
        assertThat(tally.delivered()).isEqualTo(2);
        assertThat(tally.missing()).isEqualTo(4);
        assertThat(tally.missingNamed()).containsExactly("msgid 12 in east to sip:bench1@example.com",
                "post 1 (delivered to no one) in west to sip:bench3@example.com",
                "post 1 (delivered to no one) in west to sip:bench4@example.com",
                "post 1 (delivered to no one) in west to sip:bench0@example.com");
        assertThat(never.msgid).isEqualTo(-1);
        assertThat(ledger.tally(window, 1).missingNamed()).hasSize(1);
        assertThat(ledger.tally(window, 1).missing()).isEqualTo(4);
    }

    @Test
    void aDeliveryOfAPostNeverAcknowledgedIsCountedApartNotAsDelivered() {
        DeliveryLedger.Post stored = stored(0, 100);
        DeliveryLedger.Post unanswered = ledger.add(0, window, 200); // its 200 OK never came: an error of the post

        deliver(0, stored, 1);
        deliver(0, unanswered, 2);
        deliver(1, unanswered, 2);

        assertThat(window.deliveries.sum()).as("the live count sees all three").isEqualTo(3);
        DeliveryLedger.Tally tally = ledger.tally(window, 10);
        assertThat(tally.delivered()).isEqualTo(1);
        assertThat(tally.missing()).isEqualTo(2);
        assertThat(tally.unacknowledged()).isEqualTo(2);
    }

    @Test
    void aDeliveryToSomeoneOutsideTheRoomOrOfAnUnknownPostIsAStray() {
        DeliveryLedger.Post post = stored(0, 100);

        deliver(4, post, 5);
        ledger.delivered(0, message("lg 999 100", 6), 200);
        ledger.delivered(0, message("lg nonsense", 6), 200);
        ledger.delivered(0, message("someone else's chat", 6), 200);

        ledger.delivered(0, message(DeliveryLedger.OUTSIDE + 100, 6), 200); // sent after the last window: not counted at all

        assertThat(ledger.strays.sum()).isEqualTo(3);
        assertThat(window.deliveries.sum()).isZero();
    }

    @Test
    void theLatencyIsFromTheSendTimeInTheText() {
        DeliveryLedger.Post post = stored(0, 1_000_000);

        ledger.delivered(0, message(post.text, 1), 1_000_000 + 4_000_000);

        assertThat(window.latency.getMaxValue()).isBetween(3_990L, 4_010L); // microseconds
    }

    private DeliveryLedger.Post stored(int room, long sentAt) {
        DeliveryLedger.Post post = ledger.add(room, window, sentAt);
        post.stored = true;
        return post;
    }

    private void deliver(int user, DeliveryLedger.Post post, long msgid) {
        ledger.delivered(user, message(post.text, msgid), post.sentAt + 1_000);
    }

    private static GroupChat message(String text, long msgid) {
        return new GroupChat(1, "ma-chan://example.com/room", "sip:bench0@example.com", Instant.parse("2026-12-06T00:00:00Z"),
                msgid, text, false, null);
    }
}
