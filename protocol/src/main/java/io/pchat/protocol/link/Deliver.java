package io.pchat.protocol.link;

import java.time.Instant;
import java.util.Objects;

/**
 * Type 4: a stored message, sent by the room's owner once to every node that has participants in
 * the room; the receiving node fans it out to its own participants.
 *
 * <p>Invariants: every field but {@code storyTitle} is not null; {@code msgid} is at least 1 (it
 * comes from the message log, which starts at 1).
 *
 * @param roomId the room
 * @param msgid the message's id in the room
 * @param ts when the message was stored (seconds and nanoseconds are carried exactly)
 * @param author the author's SIP URI
 * @param text the message text
 * @param alert whether the message is an alert
 * @param storyTitle the story's title, or null for a plain message
 */
public record Deliver(String roomId, long msgid, Instant ts, String author, String text, boolean alert,
        String storyTitle) implements LinkFrame {

    public Deliver {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        if (msgid < 1) {
            throw new IllegalArgumentException("msgid must be at least 1, was " + msgid);
        }
    }
}
