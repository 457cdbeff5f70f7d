package io.pchat.client.pool;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.pchat.client.ChatMessage;
import io.pchat.protocol.xccos.Gap;

/**
 * The delivery order of one room: turns messages that arrive live (in order, with duplicates,
 * with holes after a reconnect) and pages of history (in any order, overlapping) into one stream
 * in msgid order, each msgid once, and says which history to ask for to fill a hole.
 *
 * <p>State: {@code last}, the highest msgid delivered (or the starting point), and the messages
 * held because some msgid between {@code last} and them is still missing. A message with msgid
 * {@code <= last} or already held is dropped; msgid {@code last + 1} is delivered together with
 * every held message that then follows without a hole. While something is held, {@link
 * #nextFetch()} names the page of history below the lowest held msgid; {@link #fetched} takes the
 * page. A page that brings nothing inside the hole means the history cannot fill it (the room
 * keeps no history, or the messages are gone): the hole is skipped and reported, so delivery
 * never stops for good. A gap the history names ({@link #offerGaps}: msgids that name no message)
 * is known, not missing: delivery steps over it without asking for it or reporting it.
 *
 * <p>Before {@link #start} (or {@link #startAtFirst}) nothing is delivered: messages are held.
 *
 * <p>Invariants: delivered msgids are strictly increasing and, apart from reported skips,
 * consecutive; at most one fetch is outstanding; every held msgid is {@code > last + 1} once
 * started. Not thread-safe: used on the pool client's thread only.
 */
@SuppressWarnings("ReferenceEquality") // a fetch is answered only if it is the very one outstanding
final class RoomSequence {

    /** Where the outcome goes. */
    interface Sink {
        /** The next message in order; {@code fromHistory} when it came from a history page. */
        void deliver(ChatMessage message, boolean fromHistory);

        /** A live message that was delivered or held already. */
        default void duplicate(ChatMessage message) {
        }

        /** Messages {@code first..last} cannot be had from history and are skipped. */
        default void skipped(long first, long last) {
        }

        /** Msgids {@code first..last} name no message (the history says so): stepped over. */
        default void known(long first, long last) {
        }
    }

    /** Asks for up to {@code count} messages with a msgid below {@code before}. */
    record Fetch(long before, int count) {
    }

    private record Held(ChatMessage message, boolean fromHistory) {
    }

    private final int pageSize;
    private final Sink sink;
    private final TreeMap<Long, Held> held = new TreeMap<>();
    /** Known gaps, first msgid to last: msgids that name no message. */
    private final TreeMap<Long, Long> gaps = new TreeMap<>();
    private boolean started;
    private boolean startAtFirst;
    private long last;
    private Fetch outstanding;

    RoomSequence(int pageSize, Sink sink) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive: " + pageSize);
        }
        this.pageSize = pageSize;
        this.sink = sink;
    }

    boolean started() {
        return started;
    }

    /** The highest msgid delivered, or the starting point; 0 before the start. */
    long last() {
        return last;
    }

    /** How many messages wait for a hole below them to be filled. */
    int heldCount() {
        return held.size();
    }

    boolean fetchOutstanding() {
        return outstanding != null;
    }

    /** Started, nothing held, no fetch outstanding: everything known has been delivered. */
    boolean caughtUp() {
        return started && held.isEmpty() && outstanding == null;
    }

    /** Delivers the messages after {@code afterMsgid} from now on; held ones at or below it are dropped. */
    void start(long afterMsgid) {
        if (started) {
            throw new IllegalStateException("started already at " + last);
        }
        if (afterMsgid < 0) {
            throw new IllegalArgumentException("afterMsgid must not be negative: " + afterMsgid);
        }
        started = true;
        startAtFirst = false;
        last = afterMsgid;
        held.headMap(afterMsgid, true).clear();
        drain();
    }

    /**
     * No starting point is known (the room keeps no history): the lowest message held, or else
     * the next one offered, is the first delivered.
     */
    void startAtFirst() {
        if (started) {
            throw new IllegalStateException("started already at " + last);
        }
        if (held.isEmpty()) {
            startAtFirst = true;
        } else {
            start(held.firstKey() - 1);
        }
    }

    /** A message pushed by the node. */
    void offerLive(ChatMessage message) {
        offer(message, false);
        drain();
    }

    /** A page of history, in any order; may overlap what was delivered or held. */
    void offerHistory(List<ChatMessage> page) {
        for (ChatMessage m : page) {
            offer(m, true);
        }
        drain();
    }

    /**
     * The newest msgid a node has for the room is below {@code last}: the room went back (its
     * store was restored from an older state). Delivery goes on from {@code newest}, so new
     * messages, which reuse msgids already delivered, are not taken for duplicates.
     */
    void rewindTo(long newest) {
        if (!started || newest >= last) {
            return;
        }
        held.clear();
        outstanding = null;
        last = newest;
    }

    /** Gaps the history named (any order, may overlap what was delivered): stepped over, never asked for. */
    void offerGaps(List<Gap> named) {
        for (Gap g : named) {
            gaps.merge(g.first(), g.last(), Math::max);
        }
        drain();
    }

    /** The history to ask for next, if a hole is waiting and no fetch is outstanding; marks it outstanding. */
    Optional<Fetch> nextFetch() {
        if (!started || outstanding != null || held.isEmpty()) {
            return Optional.empty();
        }
        long head = held.firstKey();
        long missing = head - last - 1;
        outstanding = new Fetch(head, (int) Math.min(pageSize, missing));
        return Optional.of(outstanding);
    }

    /** The page the outstanding fetch brought (any order). Without progress into the hole, the hole is skipped. */
    void fetched(Fetch fetch, List<ChatMessage> page) {
        fetched(fetch, page, List.of());
    }

    /**
     * As {@link #fetched(Fetch, List)}, with the gaps the page named (stepping over one is progress).
     * Only an answer about the hole as it still is can condemn it: when the hole moved while the
     * fetch was out (a history page filled its top meanwhile), the answer may end above what is
     * missing now, and the next fetch asks for the hole as it is.
     */
    void fetched(Fetch fetch, List<ChatMessage> page, List<Gap> named) {
        if (fetch != outstanding) {
            return;
        }
        outstanding = null;
        long lastBefore = last;
        long headBefore = held.isEmpty() ? Long.MAX_VALUE : held.firstKey();
        boolean aboutThisHole = fetch.before() == headBefore;
        for (Gap g : named) {
            gaps.merge(g.first(), g.last(), Math::max);
        }
        for (ChatMessage m : page) {
            offer(m, true);
        }
        drain();
        long headAfter = held.isEmpty() ? Long.MAX_VALUE : held.firstKey();
        if (aboutThisHole && last == lastBefore && headAfter >= headBefore) {
            skipHole();
        }
    }

    /** The history refused the outstanding fetch (no history in this room): the hole is skipped. */
    void fetchUnavailable(Fetch fetch) {
        if (fetch != outstanding) {
            return;
        }
        outstanding = null;
        skipHole();
    }

    /** The outstanding fetch will never be answered (the session ended); the hole will be asked for again. */
    void fetchAbandoned() {
        outstanding = null;
    }

    private void offer(ChatMessage message, boolean fromHistory) {
        long id = message.msgid();
        if (started && id <= last) {
            if (!fromHistory) {
                sink.duplicate(message);
            }
            return;
        }
        if (held.containsKey(id)) {
            if (!fromHistory) {
                sink.duplicate(message);
            }
            return;
        }
        held.put(id, new Held(message, fromHistory));
        if (!started && startAtFirst) {
            start(held.firstKey() - 1);
        }
    }

    private void drain() {
        if (!started) {
            return;
        }
        while (true) {
            if (!held.isEmpty() && held.firstKey() == last + 1) {
                Held next = held.pollFirstEntry().getValue();
                last++;
                sink.deliver(next.message(), next.fromHistory());
                continue;
            }
            Map.Entry<Long, Long> gap = gaps.floorEntry(last + 1);
            if (gap != null && gap.getValue() > last) {
                sink.known(last + 1, gap.getValue());
                last = gap.getValue();
                continue;
            }
            return;
        }
    }

    private void skipHole() {
        if (held.isEmpty()) {
            return;
        }
        long head = held.firstKey();
        if (head > last + 1) {
            sink.skipped(last + 1, head - 1);
            last = head - 1;
        }
        drain();
    }
}
