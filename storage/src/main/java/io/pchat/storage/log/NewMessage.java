package io.pchat.storage.log;

import java.util.Objects;

/**
 * A message a room's owner wants appended to the log; the log gives it its msgid and server time.
 *
 * @param roomId     the room (at most 64 characters)
 * @param author     the author's principal (lower-cased SIP URI)
 * @param text       the message text
 * @param alert      whether the message is an alert
 * @param storyTitle the story title, or {@code null} for a plain message
 */
public record NewMessage(String roomId, String author, String text, boolean alert, String storyTitle) {

    public NewMessage {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        if (roomId.isEmpty() || roomId.length() > 64) {
            throw new IllegalArgumentException("roomId must have 1 to 64 characters");
        }
    }

    /** A plain chat message: no alert, no story. */
    public static NewMessage chat(String roomId, String author, String text) {
        return new NewMessage(roomId, author, text, false, null);
    }
}
