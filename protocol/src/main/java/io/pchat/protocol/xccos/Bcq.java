package io.pchat.protocol.xccos;

/**
 * {@code <bcq>..</bcq>}: which part of a room's history {@code cmd:bccontext} asks for, either
 * the last messages or (ours) the messages before one, for paging back.
 */
public sealed interface Bcq extends DataBlock permits Bcq.Last, Bcq.Before {

    /** How many messages at most; never negative. */
    int cnt();

    /**
     * {@code <bcq><last cnt="25"/></bcq>}: the latest {@code cnt} messages.
     *
     * <p>Invariant: {@code cnt} is not negative.
     */
    record Last(int cnt) implements Bcq {
        public Last {
            Numbers.requireNonNegative("cnt", cnt);
        }
    }

    /**
     * {@code <bcq><before msgid="n" cnt="25"/></bcq>} (ours): the {@code cnt} messages before
     * message {@code msgid}.
     *
     * <p>Invariants: {@code msgid} and {@code cnt} are not negative.
     */
    record Before(long msgid, int cnt) implements Bcq {
        public Before {
            Numbers.requireNonNegative("msgid", msgid);
            Numbers.requireNonNegative("cnt", cnt);
        }
    }
}
