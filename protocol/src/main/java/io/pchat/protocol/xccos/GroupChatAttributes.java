package io.pchat.protocol.xccos;

import java.time.Instant;

/**
 * The attributes of a {@code <grpchat>} start tag, checked with the value syntaxes of XCCOS: what
 * both the full reader and the delivery shortcut ({@link CanonicalGroupChat}) read, in one place.
 * Read before the {@code <chat>} child, so a bad attribute is reported before anything inside.
 */
record GroupChatAttributes(long seqid, String chanUri, String author, Instant ts, Long msgid, boolean alert,
        String storyTitle) {

    static GroupChatAttributes of(XccosAttributes a) throws XccosProblem {
        return new GroupChatAttributes(a.nonNegativeLong("seqid"), a.required("chanUri"), a.get("author"),
                a.requiredTime("ts"), a.optLong("msgid"), Boolean.TRUE.equals(a.optBool("alert")), a.get("storyTitle"));
    }

    /** The message with its {@code <chat>} text. */
    GroupChat with(String chat) {
        return new GroupChat(seqid, chanUri, author, ts, msgid, chat, alert, storyTitle);
    }
}
