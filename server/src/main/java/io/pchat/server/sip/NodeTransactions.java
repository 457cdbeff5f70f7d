package io.pchat.server.sip;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's pending INFO requests on one connection, each waiting for the client's final
 * response. A response is matched by Call-ID and CSeq number (the node numbers its requests per
 * dialog, so the pair is unique on the connection), which works whatever the client does with
 * the Via branch.
 *
 * <p>Timeouts without a timer per request: the timeout is the same for every request and
 * requests are started in time order on one event loop, so a FIFO queue is ordered by deadline;
 * the connection's periodic sweep pops expired heads ({@link #expired}). Answered requests leave
 * the map at once and their queue entries are skipped lazily.
 *
 * <p>Invariant: every entry of {@code pending} is also in {@code byDeadline}; an entry of
 * {@code byDeadline} is live only while {@code pending} maps its key to that same entry.
 * Confined to the connection's event loop.
 */
final class NodeTransactions {

    /** Call-ID and CSeq number of one node request. */
    record Key(String callId, long cseq) {
    }

    /** One request waiting for its final response. */
    record Pending(Key key, Dialog dialog, long deadlineNanos) {
    }

    private final long timeoutNanos;
    private final Map<Key, Pending> pending = new HashMap<>();
    private final ArrayDeque<Pending> byDeadline = new ArrayDeque<>();

    NodeTransactions(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** Records an INFO just written for {@code dialog}. */
    void started(Dialog dialog, long cseq, long nowNanos) {
        Pending entry = new Pending(new Key(dialog.dialogId().callId(), cseq), dialog, nowNanos + timeoutNanos);
        pending.put(entry.key(), entry);
        byDeadline.addLast(entry);
    }

    /** Removes and returns the request a final response answers, or null when none is pending. */
    Pending completed(String callId, long cseq) {
        return pending.remove(new Key(callId, cseq));
    }

    /** Removes and returns every request whose deadline has passed, oldest first. */
    List<Pending> expired(long nowNanos) {
        List<Pending> expired = new ArrayList<>(0);
        Pending head;
        while ((head = byDeadline.peekFirst()) != null && nowNanos - head.deadlineNanos() >= 0) {
            byDeadline.pollFirst();
            if (pending.remove(head.key(), head)) {
                expired.add(head);
            }
        }
        return expired;
    }

    /** Forgets every request of an ended dialog; its late responses then match nothing. */
    void forget(Dialog dialog) {
        pending.values().removeIf(p -> p.dialog() == dialog);
        byDeadline.removeIf(p -> p.dialog() == dialog);
    }

    int size() {
        return pending.size();
    }
}
