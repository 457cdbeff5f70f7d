package io.pchat.storage.log;

import java.time.Instant;
import java.util.Objects;

/**
 * A search in one room's history. Results come newest first (the most recent matches are the
 * ones a reader wants; paging back uses {@code to}).
 *
 * @param roomId the room
 * @param text   case-insensitive substring of the message text, or {@code null} for any text
 * @param author exact author principal, or {@code null} for any author
 * @param from   only messages stamped at or after this time, or {@code null}
 * @param to     only messages stamped before this time, or {@code null}
 * @param limit  most results returned (1 to 10 000)
 */
public record HistorySearch(String roomId, String text, String author, Instant from, Instant to, int limit) {

    public HistorySearch {
        Objects.requireNonNull(roomId, "roomId");
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000, was " + limit);
        }
    }

    /** Messages of a room containing {@code text}, newest first. */
    public static HistorySearch text(String roomId, String text, int limit) {
        return new HistorySearch(roomId, text, null, null, null, limit);
    }

    public HistorySearch byAuthor(String value) {
        return new HistorySearch(roomId, text, value, from, to, limit);
    }

    public HistorySearch between(Instant fromInclusive, Instant toExclusive) {
        return new HistorySearch(roomId, text, author, fromInclusive, toExclusive, limit);
    }
}
