package io.pchat.protocol.xccos;

/**
 * {@code <gap first="12" last="1011"/>} (ours) in a history {@link Chanib}: msgids of the room
 * that name no message and never will (the room's numbering skipped them after a failover), so
 * that a client paging back does not wait for them.
 *
 * <p>Invariant: {@code 1 <= first <= last}.
 */
public record Gap(long first, long last) {
    public Gap {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("gap must be 1 <= first <= last, was " + first + ".." + last);
        }
    }
}
