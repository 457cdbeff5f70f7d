package io.pchat.protocol.xccos;

/** The names of the node's notices ({@code ntc:NAME}), without their prefix. */
public final class NoticeNames {

    public static final String NTC_PREFIX = "ntc:";

    /** Someone joined a room (with {@code cmd:join}). */
    public static final String JOIN = "join";
    /** Someone joined a room with {@code cmd:bjoin}. */
    public static final String BJOIN = "bjoin";
    /** Someone left a room, or their dialog ended. */
    public static final String PART = "part";
    /** Ours: a room's settings changed; carries the summary form. */
    public static final String ROOMCHANGED = "roomchanged";
    /** Ours: the user was invited to a room while connected; carries an {@code inv}. */
    public static final String INV = "inv";

    private NoticeNames() {
    }
}
