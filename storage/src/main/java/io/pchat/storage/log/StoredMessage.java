package io.pchat.storage.log;

import java.time.Instant;
import java.util.Objects;

/**
 * A message as the log stored it. Values read back from any endpoint equal the values the log
 * acknowledged: {@code ts} is UTC truncated to microseconds.
 *
 * @param roomId     the room
 * @param msgid      the room's message number: 1, 2, 3... without gaps
 * @param ts         server time of the commit batch
 * @param author     the author's principal
 * @param text       the message text
 * @param alert      whether the message is an alert
 * @param storyTitle the story title, or {@code null}
 */
public record StoredMessage(String roomId, long msgid, Instant ts, String author, String text, boolean alert,
        String storyTitle) {

    public StoredMessage {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        if (msgid < 1) {
            throw new IllegalArgumentException("msgid must be positive, was " + msgid);
        }
    }
}
