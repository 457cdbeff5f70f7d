package io.pchat.client;

import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.Msg;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored chat message as the node gives it back, in history, search results or a delivery.
 *
 * <p>Invariants: {@code ts} and {@code text} are present, {@code msgid} is not negative;
 * {@code room} and {@code author} are as the node wrote them (null when absent);
 * {@code storyTitle} is null unless the message is a story.
 */
public record ChatMessage(long msgid, String room, String author, Instant ts, String text, boolean alert,
        String storyTitle) {

    public ChatMessage {
        if (msgid < 0) {
            throw new IllegalArgumentException("msgid must not be negative: " + msgid);
        }
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(text, "text");
    }

    /** A history or search entry. */
    public static ChatMessage of(Msg msg) {
        return new ChatMessage(msg.msgid(), msg.chanUri(), msg.author(), msg.ts(), msg.chat(), msg.alert(),
                msg.storyTitle());
    }

    /** A delivered message; the node always sets its msgid, so one without is refused. */
    public static ChatMessage of(GroupChat delivered) {
        if (delivered.msgid() == null) {
            throw new IllegalArgumentException("a delivered grpchat carries a msgid");
        }
        return new ChatMessage(delivered.msgid(), delivered.chanUri(), delivered.author(), delivered.ts(),
                delivered.chat(), delivered.alert(), delivered.storyTitle());
    }
}
