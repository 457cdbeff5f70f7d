package io.pchat.server.sip;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes queued to every SIP connection of one listener together, held against
 * {@code sip.outboundBudget}: past it, new dialogs are refused with 503 and connections over their
 * high-water mark are cut (see {@link SipConnection}).
 *
 * <p>Invariant: {@link #queued()} is the sum of what each open connection last reported (on its
 * timer tick and when it closes), so it lags any one connection by at most one tick, and a closed
 * connection counts for nothing.
 */
final class OutboundBudget {
    private final long budget;
    private final AtomicLong queued = new AtomicLong();

    OutboundBudget(long budget) {
        this.budget = budget;
    }

    /** A connection's queue grew or shrank by {@code delta} bytes since it last reported. */
    void change(long delta) {
        if (delta != 0) {
            queued.addAndGet(delta);
        }
    }

    boolean exceeded() {
        return queued.get() > budget;
    }

    long queued() {
        return queued.get();
    }

    long budget() {
        return budget;
    }
}
