package io.pchat.protocol.link;

import java.util.Objects;

/**
 * Type 2: a post made on a node that does not own the room, forwarded to the owner, which stores
 * it, fans it out and answers with a {@link PostResult} of the same {@code requestId}.
 *
 * <p>Invariant: every field but {@code storyTitle} is not null.
 *
 * @param requestId chosen by the sender to match the answer; unique per link while unanswered
 * @param roomId the room posted to
 * @param author the posting user's SIP URI
 * @param text the message text
 * @param alert whether the post is an alert
 * @param storyTitle the story's title, or null for a plain message
 */
public record ForwardPost(long requestId, String roomId, String author, String text, boolean alert,
        String storyTitle) implements LinkFrame {

    public ForwardPost {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
    }
}
