package io.pchat.storage.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.pchat.lifecycle.AbstractLifeCycle;
import io.pchat.storage.StorageException;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.SqlTime;

/**
 * Reads a room's history from the writing endpoint, on its own reader threads (never the
 * caller's), answering from the {@link HistoryCache} when the cached tail holds the whole answer.
 * Paged reads come oldest first; searches newest first ({@link HistorySearch}).
 *
 * <p>Lifecycle: the constructor starts nothing; {@link #start()} starts the reader threads
 * ({@link #open} makes and starts one), {@link #stop()} stops them after the reads in progress. A
 * read asked while the readers are not running fails at once with a {@link StorageException}
 * (one answered from the cache still succeeds).
 */
public final class MessageHistory extends AbstractLifeCycle implements AutoCloseable {
    private final Endpoints endpoints;
    private final HistoryCache cache;
    private final int readerThreads;
    private volatile ExecutorService readers;
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong databaseReads = new AtomicLong();

    public MessageHistory(Endpoints endpoints, HistoryCache cache, int readerThreads) {
        this.endpoints = endpoints;
        this.cache = cache;
        this.readerThreads = readerThreads;
    }

    /** A history with its readers started (tests and tools; a node's store starts it as a part). */
    public static MessageHistory open(Endpoints endpoints, HistoryCache cache, int readerThreads) {
        MessageHistory history = new MessageHistory(endpoints, cache, readerThreads);
        history.startUnchecked();
        return history;
    }

    @Override
    public String name() {
        return "message history";
    }

    @Override
    protected void doStart() {
        AtomicInteger n = new AtomicInteger();
        readers = Executors.newFixedThreadPool(readerThreads, r -> {
            Thread t = new Thread(r, "pchat-history-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The last {@code n} messages of a room, oldest first. */
    public CompletableFuture<List<StoredMessage>> last(String roomId, int n) {
        checkCount(n);
        Optional<List<StoredMessage>> cached = cache.last(roomId, n);
        if (cached.isPresent()) {
            cacheHits.incrementAndGet();
            return CompletableFuture.completedFuture(cached.get());
        }
        return read(() -> {
            int k = cache.messagesPerRoom();
            if (n > k) {
                return endpoints.read(c -> newestBefore(c, roomId, Long.MAX_VALUE, n));
            }
            // Read the whole cacheable tail: the next reads of this room are then served from memory.
            List<StoredMessage> tail = endpoints.read(c -> newestBefore(c, roomId, Long.MAX_VALUE, k));
            cache.offer(roomId, tail, tail.size() < k);
            return tail.subList(Math.max(0, tail.size() - n), tail.size());
        });
    }

    /** The {@code n} messages before {@code msgid} (paging back), oldest first. */
    public CompletableFuture<List<StoredMessage>> before(String roomId, long msgid, int n) {
        checkCount(n);
        Optional<List<StoredMessage>> cached = cache.before(roomId, msgid, n);
        if (cached.isPresent()) {
            cacheHits.incrementAndGet();
            return CompletableFuture.completedFuture(cached.get());
        }
        return read(() -> endpoints.read(c -> newestBefore(c, roomId, msgid, n)));
    }

    /** The messages matching {@code search}, newest first. Always read from the database. */
    public CompletableFuture<List<StoredMessage>> search(HistorySearch search) {
        return read(() -> endpoints.read(c -> find(c, search)));
    }

    /**
     * The recorded gaps of a room (msgids that name no message: see {@link MsgidGaps}) that overlap
     * {@code from..to}, ascending; served from memory once read.
     */
    public CompletableFuture<List<MsgidGap>> gaps(String roomId, long from, long to) {
        Optional<List<MsgidGap>> cached = cache.gaps(roomId);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(overlapping(cached.get(), from, to));
        }
        long generation = cache.gapGeneration();
        return read(() -> {
            List<MsgidGap> all = endpoints.read(c -> MsgidGaps.overlapping(c, roomId, 1, Long.MAX_VALUE));
            cache.offerGaps(roomId, all, generation);
            return overlapping(all, from, to);
        });
    }

    private static List<MsgidGap> overlapping(List<MsgidGap> gaps, long from, long to) {
        return gaps.stream().filter(g -> g.first() <= to && g.last() >= from).toList();
    }

    /** Answers served from memory and from the database since start: for metrics and tests. */
    public long cacheHits() {
        return cacheHits.get();
    }

    public long databaseReads() {
        return databaseReads.get();
    }

    @Override
    public void close() {
        stopUnchecked();
    }

    @Override
    protected void doStop() {
        ExecutorService readers = this.readers;
        this.readers = null;
        if (readers == null) {
            return; // never started
        }
        readers.shutdown();
        try {
            if (!readers.awaitTermination(10, TimeUnit.SECONDS)) {
                readers.shutdownNow();
            }
        } catch (InterruptedException e) {
            readers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private <T> CompletableFuture<T> read(Supplier<T> work) {
        ExecutorService running = readers;
        if (running == null) {
            return CompletableFuture.failedFuture(new StorageException("message history is not running"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                databaseReads.incrementAndGet();
                return work.get();
            }, running);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new StorageException("message history is stopping"));
        }
    }

    private static void checkCount(int n) {
        if (n < 1 || n > 10_000) {
            throw new IllegalArgumentException("count must be between 1 and 10000, was " + n);
        }
    }

    /** The {@code n} messages with msgid below {@code msgid}, returned oldest first. */
    private static List<StoredMessage> newestBefore(Connection c, String roomId, long msgid, int n) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + MessageRows.COLUMNS + " FROM chat_message"
                + " WHERE room_id = ? AND msgid < ? ORDER BY msgid DESC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
            s.setString(1, roomId);
            s.setLong(2, msgid);
            s.setInt(3, n);
            List<StoredMessage> result = collect(s);
            Collections.reverse(result);
            return result;
        }
    }

    private static List<StoredMessage> find(Connection c, HistorySearch q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + MessageRows.COLUMNS + " FROM chat_message WHERE room_id = ?");
        if (q.text() != null) {
            sql.append(" AND LOWER(body) LIKE ? ESCAPE '!'");
        }
        if (q.author() != null) {
            sql.append(" AND author = ?");
        }
        if (q.from() != null) {
            sql.append(" AND ts >= ?");
        }
        if (q.to() != null) {
            sql.append(" AND ts < ?");
        }
        sql.append(" ORDER BY msgid DESC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY");
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            s.setString(i++, q.roomId());
            if (q.text() != null) {
                s.setString(i++, "%" + likeEscape(q.text().toLowerCase(Locale.ROOT)) + "%");
            }
            if (q.author() != null) {
                s.setString(i++, q.author());
            }
            if (q.from() != null) {
                SqlTime.set(s, i++, q.from());
            }
            if (q.to() != null) {
                SqlTime.set(s, i++, q.to());
            }
            s.setInt(i, q.limit());
            return collect(s);
        }
    }

    /** Escapes LIKE's wildcards with '!' (also '[' for SQL Server, harmless elsewhere). */
    static String likeEscape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            if (ch == '!' || ch == '%' || ch == '_' || ch == '[') {
                out.append('!');
            }
            out.append(ch);
        }
        return out.toString();
    }

    private static List<StoredMessage> collect(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            List<StoredMessage> result = new ArrayList<>();
            while (rs.next()) {
                result.add(MessageRows.message(rs));
            }
            return result;
        }
    }
}
