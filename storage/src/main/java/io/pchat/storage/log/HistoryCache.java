package io.pchat.storage.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pchat.storage.config.StorageConfig;

/**
 * The recent history of the rooms this node sequences: per room, the exact tail of the stored
 * log (the last {@code messagesPerRoom} messages, or the whole room when it has fewer).
 *
 * <p>Invariant: an entry holds every stored message of its room with msgid at or above its first
 * one, and nothing else; it is never stale. That holds because (1) only rooms whose msgids this
 * node assigns and has committed are cached, so no other writer adds to them; (2) the log
 * extends an entry only when the entry ends exactly where the committed batch begins, and drops
 * it otherwise; (3) a tail loaded from the database is installed only if it ends at the msgid the
 * log last committed for the room, checked atomically with the log's own updates (both run in
 * the cache's per-key {@code compute}). A request the cached tail cannot fully answer goes to the
 * database.
 */
public final class HistoryCache {

    /** One room's cached tail: msgids ascending; {@code wholeRoom} when nothing older is stored. */
    private record Tail(List<StoredMessage> messages, boolean wholeRoom, long through) {
    }

    private final int messagesPerRoom;
    private final Cache<String, Tail> tails;
    // The last msgid the log committed, per room it sequences; only written inside tails' compute.
    private final Map<String, Long> committed = new ConcurrentHashMap<>();
    /** Each room's recorded gaps (all of them), as last read; dropped with everything else at a promotion or a move. */
    private final Cache<String, List<MsgidGap>> gaps;
    /** Counts {@link #forgetAll}s: a gap list read before one is not installed after it. */
    private final AtomicLong gapGeneration = new AtomicLong();

    /** The cache sized by {@code storage.cache.historyRooms} and {@code storage.cache.historyMessages}. */
    public static HistoryCache of(StorageConfig config) {
        return new HistoryCache(config.historyCacheRooms(), config.historyCacheMessages());
    }

    public HistoryCache(long rooms, int messagesPerRoom) {
        if (messagesPerRoom < 1) {
            throw new IllegalArgumentException("messagesPerRoom must be positive");
        }
        this.messagesPerRoom = messagesPerRoom;
        this.tails = Caffeine.newBuilder().maximumSize(rooms).build();
        this.gaps = Caffeine.newBuilder().maximumSize(rooms).build();
    }

    /** How many messages per room are kept: requests for more go to the database. */
    public int messagesPerRoom() {
        return messagesPerRoom;
    }

    // ---- the log's side (writer thread) ----

    /** A batch committed {@code added} (ascending) for a room whose last msgid was {@code before}. */
    void committed(String roomId, long before, List<StoredMessage> added) {
        long through = added.get(added.size() - 1).msgid();
        tails.asMap().compute(roomId, (k, tail) -> {
            committed.put(roomId, through);
            if (tail == null || tail.through() != before) {
                return null; // not the exact tail any more (or never was): read the database next time
            }
            List<StoredMessage> all = new ArrayList<>(tail.messages().size() + added.size());
            all.addAll(tail.messages());
            all.addAll(added);
            boolean whole = tail.wholeRoom();
            if (all.size() > messagesPerRoom) {
                all = all.subList(all.size() - messagesPerRoom, all.size());
                whole = false;
            }
            return new Tail(List.copyOf(all), whole, through);
        });
    }

    /** The log no longer knows this room's tail (hand-over, failed batch, purge). */
    void forget(String roomId) {
        tails.asMap().compute(roomId, (k, tail) -> {
            committed.remove(roomId);
            return null;
        });
        gaps.invalidate(roomId);
    }

    /** Forgets every room (promotion, pool-wide purge). */
    void forgetAll() {
        for (String roomId : List.copyOf(committed.keySet())) {
            forget(roomId);
        }
        tails.invalidateAll();
        gapGeneration.incrementAndGet();
        gaps.invalidateAll();
    }

    // ---- recorded gaps (rare: written by a failover, copied at a failback or a mirror rebuild)

    /** A room's recorded gaps, if known. */
    public Optional<List<MsgidGap>> gaps(String roomId) {
        return Optional.ofNullable(gaps.getIfPresent(roomId));
    }

    /** Where the gaps stand now: pass it to {@link #offerGaps} with what is read after this. */
    public long gapGeneration() {
        return gapGeneration.get();
    }

    /** Keeps a room's gaps as read, unless the writer changed since {@code generation} was taken. */
    public void offerGaps(String roomId, List<MsgidGap> all, long generation) {
        if (gapGeneration.get() == generation) {
            gaps.put(roomId, List.copyOf(all));
            if (gapGeneration.get() != generation) {
                gaps.invalidate(roomId); // a promotion raced the read
            }
        }
    }

    // ---- the readers' side ----

    /** The last {@code n} messages of a room, oldest first, if the cached tail holds them all. */
    public Optional<List<StoredMessage>> last(String roomId, int n) {
        Tail tail = tails.getIfPresent(roomId);
        if (tail == null || (tail.messages().size() < n && !tail.wholeRoom())) {
            return Optional.empty();
        }
        List<StoredMessage> m = tail.messages();
        return Optional.of(m.subList(Math.max(0, m.size() - n), m.size()));
    }

    /** The {@code n} messages before {@code msgid}, oldest first, if the cached tail holds them all. */
    public Optional<List<StoredMessage>> before(String roomId, long msgid, int n) {
        Tail tail = tails.getIfPresent(roomId);
        if (tail == null) {
            return Optional.empty();
        }
        List<StoredMessage> m = tail.messages();
        int end = 0;
        while (end < m.size() && m.get(end).msgid() < msgid) {
            end++;
        }
        if (end < n && !tail.wholeRoom()) {
            return Optional.empty(); // older messages than the tail holds would belong in the answer
        }
        return Optional.of(m.subList(Math.max(0, end - n), end));
    }

    /**
     * Offers a tail just read from the database: the last messages of the room, ascending, at most
     * {@link #messagesPerRoom()}; {@code wholeRoom} when the read returned fewer than asked for.
     * Installed only if the room is sequenced here and the tail ends at its last committed msgid.
     */
    public void offer(String roomId, List<StoredMessage> tail, boolean wholeRoom) {
        if (tail.size() > messagesPerRoom) {
            throw new IllegalArgumentException("tail longer than " + messagesPerRoom);
        }
        long through = tail.isEmpty() ? 0 : tail.get(tail.size() - 1).msgid();
        tails.asMap().compute(roomId, (k, current) -> {
            if (current != null) {
                return current;
            }
            Long last = committed.get(roomId);
            return last != null && last == through ? new Tail(List.copyOf(tail), wholeRoom, through) : null;
        });
    }

    /** Rooms with a cached tail now (approximate): for metrics. */
    public long size() {
        return tails.estimatedSize();
    }
}
