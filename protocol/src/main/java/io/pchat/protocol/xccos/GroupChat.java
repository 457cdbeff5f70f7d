package io.pchat.protocol.xccos;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code <grpchat id="grpchat" seqid="1" chanUri=".." author=".." ts=".."><chat>text</chat></grpchat>}:
 * a chat message, posted by a client or delivered by the node (docs/xccos.md).
 *
 * <p>Invariants: {@code seqid} is not negative; {@code chanUri} is present and not empty;
 * {@code ts} is present (a post without it is refused, as real servers do), within years
 * 0000..9999 and cut to 100 ns; {@code chat} is not null, CR and LF kept as sent;
 * {@code msgid} (ours: the room-scoped id the node assigns) is null on a post and not negative
 * when present; {@code author} is null when a client leaves it out (the node ignores it anyway);
 * {@code storyTitle} is null unless the message is a story. The {@code id} attribute is always
 * {@code grpchat} and is not stored.
 */
public record GroupChat(long seqid, String chanUri, String author, Instant ts, Long msgid, String chat,
        boolean alert, String storyTitle) implements EnvelopeItem {

    public GroupChat {
        Numbers.requireNonNegative("seqid", seqid);
        Texts.require("chanUri", chanUri);
        ts = XccosTime.requireRepresentable("ts", Objects.requireNonNull(ts, "ts"));
        Numbers.requireNonNegative("msgid", msgid);
        Objects.requireNonNull(chat, "chat");
    }

    /** A plain message as a client posts it: no msgid, no alert, no story. */
    public static GroupChat post(long seqid, String chanUri, String author, Instant ts, String chat) {
        return new GroupChat(seqid, chanUri, author, ts, null, chat, false, null);
    }

    /** The room the message is in, if {@code chanUri} is a room URI. */
    public Optional<RoomUri> roomUri() {
        return RoomUri.parse(chanUri);
    }

    /**
     * This message as the node delivers it: the authenticated author, the node's time and the
     * stored message id replace what the client sent.
     */
    public GroupChat delivered(long nodeSeqid, String authenticatedAuthor, Instant nodeTs, long storedMsgid) {
        return new GroupChat(nodeSeqid, chanUri, authenticatedAuthor, nodeTs, storedMsgid, chat, alert, storyTitle);
    }

    /** This delivered message as chat history gives it back. */
    public Msg toMsg() {
        if (msgid == null) {
            throw new IllegalStateException("a message without msgid has not been stored");
        }
        return new Msg(chanUri, author, ts, msgid, chat, alert, storyTitle);
    }
}
