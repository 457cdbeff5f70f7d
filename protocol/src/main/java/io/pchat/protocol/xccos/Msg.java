package io.pchat.protocol.xccos;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code <msg id="grpchat" chanUri=".." author=".." ts=".." msgid="n"><chat>..</chat></msg>}: a
 * stored message inside a {@link Chanib}, as {@code rpl:bccontext} and {@code rpl:chatsrch}
 * return history. It carries what a delivered {@link GroupChat} does, without its seqid.
 *
 * <p>Invariants: {@code ts} is present (within years 0000..9999, cut to 100 ns); {@code msgid}
 * is not negative; {@code chat} is not null; {@code chanUri}, {@code author} and
 * {@code storyTitle} may be null.
 */
public record Msg(String chanUri, String author, Instant ts, long msgid, String chat, boolean alert,
        String storyTitle) implements DataBlock {

    public Msg {
        ts = XccosTime.requireRepresentable("ts", Objects.requireNonNull(ts, "ts"));
        Numbers.requireNonNegative("msgid", msgid);
        Objects.requireNonNull(chat, "chat");
    }

    /** A plain message (no alert, no story). */
    public static Msg of(String chanUri, String author, Instant ts, long msgid, String chat) {
        return new Msg(chanUri, author, ts, msgid, chat, false, null);
    }
}
