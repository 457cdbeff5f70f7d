package io.pchat.protocol.link;

/**
 * Constants of the node-link wire format (see {@code docs/link.md}).
 *
 * <p>A frame is {@code int32 length | u8 version | u8 type | body}, where {@code length} counts
 * every byte after itself, so it is at least {@link #MIN_FRAME_LENGTH}.
 */
public final class LinkFormat {

    /** The format version this code reads and writes. */
    public static final int VERSION = 1;

    /** Largest accepted value of the length field (1 MiB): far above any legitimate frame, small enough to buffer. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

    /** TCP port a node listens on for links from its peers unless configured otherwise. */
    public static final int DEFAULT_PORT = 8011;

    /** Bytes of the length field itself. */
    public static final int LENGTH_FIELD_BYTES = 4;

    /** Smallest valid length: the version and type bytes of a frame with an empty body. */
    public static final int MIN_FRAME_LENGTH = 2;

    /** Frame type codes; never renumbered, a retired code is never reused. */
    public static final int TYPE_HELLO = 1;
    public static final int TYPE_FORWARD_POST = 2;
    public static final int TYPE_POST_RESULT = 3;
    public static final int TYPE_DELIVER = 4;
    public static final int TYPE_PRESENCE = 5;
    public static final int TYPE_ACQUIRE = 6;
    public static final int TYPE_ACQUIRE_RESULT = 7;
    public static final int TYPE_PING = 8;
    public static final int TYPE_MIRROR_CHECK = 9;
    public static final int TYPE_MIRROR_CHECK_RESULT = 10;

    /** String length that stands for null (only in fields that may be null). */
    public static final int NULL_STRING_LENGTH = -1;

    private LinkFormat() {
    }
}
