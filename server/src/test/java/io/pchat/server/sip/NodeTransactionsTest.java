package io.pchat.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The node's outstanding INFOs per connection: matched by Call-ID and CSeq, in order or not,
 * forgotten as soon as answered, expired oldest first, and never an answer matched twice.
 */
class NodeTransactionsTest {
    private static final long TIMEOUT = 32_000;

    /** A dialog as the transactions see it: its Call-ID. */
    record FakeDialog(String callId) {
    }

    private final NodeTransactions<FakeDialog> tx = new NodeTransactions<>(TIMEOUT, FakeDialog::callId);
    private final FakeDialog alice = new FakeDialog("a@host");
    private final FakeDialog bob = new FakeDialog("b@host");

    @Test
    void answersInOrderCompleteEachRequestOnceAndLeaveNothingBehind() {
        for (long cseq = 1; cseq <= 1_000; cseq++) {
            tx.started(alice, cseq, cseq);
        }
        assertThat(tx.size()).isEqualTo(1_000);
        for (long cseq = 1; cseq <= 1_000; cseq++) {
            assertThat(tx.completed("a@host", cseq)).isSameAs(alice);
            assertThat(tx.completed("a@host", cseq)).as("a second answer matches nothing").isNull();
        }
        assertThat(tx.size()).isZero();
        assertThat(tx.expired(Long.MAX_VALUE / 2)).as("nothing lingers until its timeout").isEmpty();
    }

    @Test
    void answersOutOfOrderAndOfOtherDialogsAreMatchedByCallIdAndCseq() {
        tx.started(alice, 10, 0);
        tx.started(bob, 10, 0);
        tx.started(alice, 11, 0);
        tx.started(alice, 12, 0);

        assertThat(tx.completed("a@host", 12)).isSameAs(alice);
        assertThat(tx.completed("b@host", 11)).as("bob never had 11").isNull();
        assertThat(tx.completed("x@host", 10)).isNull();
        assertThat(tx.completed("b@host", 10)).isSameAs(bob);
        assertThat(tx.completed("a@host", 10)).isSameAs(alice);
        assertThat(tx.size()).isEqualTo(1);
        assertThat(tx.completed("a@host", 11)).isSameAs(alice);
        assertThat(tx.size()).isZero();
    }

    @Test
    void unansweredRequestsExpireOldestFirstOnceTheirTimeoutHasPassed() {
        tx.started(alice, 1, 0);
        tx.started(alice, 2, 1_000);
        tx.started(bob, 7, 500);
        tx.completed("a@host", 2);

        assertThat(tx.expired(TIMEOUT - 1)).isEmpty();
        assertThat(tx.expired(TIMEOUT)).containsExactly(new NodeTransactions.Expired<>(alice, 1));
        assertThat(tx.expired(TIMEOUT + 500)).containsExactly(new NodeTransactions.Expired<>(bob, 7));
        assertThat(tx.size()).isZero();
        assertThat(tx.completed("a@host", 1)).as("an expired request is answered too late").isNull();
    }

    @Test
    void aForgottenDialogsLateAnswersMatchNothingAndAnotherDialogMayReuseItsCallId() {
        tx.started(alice, 1, 0);
        tx.started(alice, 2, 0);
        tx.forget(alice);
        assertThat(tx.size()).isZero();
        assertThat(tx.completed("a@host", 1)).isNull();

        FakeDialog again = new FakeDialog("a@host");
        tx.started(again, 1, 0);
        assertThat(tx.completed("a@host", 1)).isSameAs(again);
    }

    @Test
    void manyOutstandingRequestsOfOneDialogGrowTheRingAndKeepTheirOrder() {
        for (long cseq = 1; cseq <= 100; cseq++) {
            tx.started(alice, cseq, cseq);
        }
        for (long cseq = 1; cseq <= 50; cseq++) {
            tx.completed("a@host", cseq * 2); // every even one
        }
        List<NodeTransactions.Expired<FakeDialog>> expired = tx.expired(TIMEOUT + 100);
        assertThat(expired).extracting(NodeTransactions.Expired::cseq).hasSize(50)
                .allMatch(c -> c % 2 == 1).isSorted();
        assertThat(tx.size()).isZero();
    }
}
