package io.pchat.server.sip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The node's pending INFO requests on one connection, each waiting for the client's final
 * response. A response is matched by Call-ID (its dialog) and CSeq number, which works whatever
 * the client does with the Via branch.
 *
 * <p>No object per request: the node numbers a dialog's requests upwards and writes them in that
 * order on one event loop, and clients answer them in order on the connection, so each dialog
 * keeps its outstanding CSeqs in a ring (with their start times), oldest first. An answer to the
 * oldest pops it; an answer out of order marks its slot answered, and answered slots leave the
 * ring as soon as they are oldest. Timeouts need no timer per request either: the timeout is the
 * same for every request, so a ring's oldest entry is also its first deadline; the connection's
 * periodic sweep pops expired ones ({@link #expired}).
 *
 * <p>Generic over the dialog type ({@code D}, with its Call-ID) so that it can be specified on its
 * own. Invariant: a dialog has a ring while it has outstanding requests; a ring's entries are in
 * CSeq order, and its oldest entry is unanswered. Confined to the connection's event loop.
 */
final class NodeTransactions<D> {

    /** A request whose answer did not come within the timeout. */
    record Expired<D>(D dialog, long cseq) {
    }

    /** One dialog's outstanding requests: parallel arrays used as a ring. */
    private static final class Ring<D> {
        private static final long ANSWERED = -1;

        final D dialog;
        long[] cseqs = new long[8];
        long[] starts = new long[8];
        int head;
        int count;

        Ring(D dialog) {
            this.dialog = dialog;
        }

        void add(long cseq, long start) {
            if (count == cseqs.length) {
                grow();
            }
            int slot = (head + count) & (cseqs.length - 1);
            cseqs[slot] = cseq;
            starts[slot] = start;
            count++;
        }

        /** Whether {@code cseq} was outstanding (it is not any more). */
        boolean answer(long cseq) {
            int mask = cseqs.length - 1;
            for (int i = 0; i < count; i++) {
                int slot = (head + i) & mask;
                long c = cseqs[slot];
                if (c == cseq) {
                    cseqs[slot] = ANSWERED;
                    dropAnsweredHeads();
                    return true;
                }
                if (c > cseq) {
                    return false; // in CSeq order: it is not here
                }
            }
            return false;
        }

        private void dropAnsweredHeads() {
            while (count > 0 && cseqs[head] == ANSWERED) {
                head = (head + 1) & (cseqs.length - 1);
                count--;
            }
        }

        /** Pops the oldest entries whose timeout has passed into {@code out}. */
        void expire(long nowNanos, long timeoutNanos, List<Expired<D>> out) {
            while (count > 0 && nowNanos - starts[head] - timeoutNanos >= 0) {
                out.add(new Expired<>(dialog, cseqs[head]));
                head = (head + 1) & (cseqs.length - 1);
                count--;
                dropAnsweredHeads();
            }
        }

        private void grow() {
            int n = cseqs.length;
            long[] c = new long[n * 2];
            long[] s = new long[n * 2];
            for (int i = 0; i < count; i++) {
                c[i] = cseqs[(head + i) & (n - 1)];
                s[i] = starts[(head + i) & (n - 1)];
            }
            cseqs = c;
            starts = s;
            head = 0;
        }
    }

    private final long timeoutNanos;
    private final Function<D, String> callIdOf;
    private final Map<String, Ring<D>> byCallId = new HashMap<>(4);
    private int outstanding;

    NodeTransactions(long timeoutNanos, Function<D, String> callIdOf) {
        this.timeoutNanos = timeoutNanos;
        this.callIdOf = callIdOf;
    }

    /** Records an INFO just written for {@code dialog}, whose CSeq numbers go upwards. */
    void started(D dialog, long cseq, long nowNanos) {
        String callId = callIdOf.apply(dialog);
        Ring<D> ring = byCallId.get(callId);
        if (ring == null || ring.dialog != dialog) {
            ring = new Ring<>(dialog);
            byCallId.put(callId, ring);
        }
        ring.add(cseq, nowNanos);
        outstanding++;
    }

    /** The dialog of the request a final response answers (no longer pending), or null when none was pending. */
    D completed(String callId, long cseq) {
        Ring<D> ring = byCallId.get(callId);
        if (ring == null || !ring.answer(cseq)) {
            return null;
        }
        outstanding--;
        if (ring.count == 0) {
            byCallId.remove(callId);
        }
        return ring.dialog;
    }

    /** Removes and returns every request whose deadline has passed, oldest first per dialog. */
    List<Expired<D>> expired(long nowNanos) {
        List<Expired<D>> expired = new ArrayList<>(0);
        var rings = byCallId.values().iterator();
        while (rings.hasNext()) {
            Ring<D> ring = rings.next();
            int before = expired.size();
            ring.expire(nowNanos, timeoutNanos, expired);
            outstanding -= expired.size() - before;
            if (ring.count == 0) {
                rings.remove();
            }
        }
        return expired;
    }

    /** Forgets every request of an ended dialog; its late responses then match nothing. */
    void forget(D dialog) {
        String callId = callIdOf.apply(dialog);
        Ring<D> ring = byCallId.get(callId);
        if (ring != null && ring.dialog == dialog) {
            byCallId.remove(callId);
            int answered = 0;
            for (int i = 0; i < ring.count; i++) {
                if (ring.cseqs[(ring.head + i) & (ring.cseqs.length - 1)] == Ring.ANSWERED) {
                    answered++;
                }
            }
            outstanding -= ring.count - answered;
        }
    }

    /** Requests still waiting for their answer. */
    int size() {
        return outstanding;
    }
}
