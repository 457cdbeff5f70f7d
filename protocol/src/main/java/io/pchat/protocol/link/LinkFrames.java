package io.pchat.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

import static io.pchat.protocol.link.LinkFormat.LENGTH_FIELD_BYTES;
import static io.pchat.protocol.link.LinkFormat.NULL_STRING_LENGTH;
import static io.pchat.protocol.link.LinkFormat.TYPE_ACQUIRE;
import static io.pchat.protocol.link.LinkFormat.TYPE_ACQUIRE_RESULT;
import static io.pchat.protocol.link.LinkFormat.TYPE_DELIVER;
import static io.pchat.protocol.link.LinkFormat.TYPE_FORWARD_POST;
import static io.pchat.protocol.link.LinkFormat.TYPE_HELLO;
import static io.pchat.protocol.link.LinkFormat.TYPE_MIRROR_CHECK;
import static io.pchat.protocol.link.LinkFormat.TYPE_MIRROR_CHECK_RESULT;
import static io.pchat.protocol.link.LinkFormat.TYPE_PING;
import static io.pchat.protocol.link.LinkFormat.TYPE_POST_RESULT;
import static io.pchat.protocol.link.LinkFormat.TYPE_PRESENCE;

/**
 * Writes and reads node-link frames without a Netty pipeline (the encoder and decoder use these,
 * and so can tests and benchmarks).
 *
 * <p>Body fields are written in record-component order: long as int64 and int as int32, both
 * big-endian; boolean as one byte 0 or 1; an enum as one byte holding its ordinal; an {@link
 * Instant} as int64 epoch seconds then int32 nanoseconds; a String as its int32 UTF-8 byte length
 * (-1 for null) then the bytes. Stateless and thread-safe.
 */
// The wire carries PostStatus as its ordinal (its order is part of the link protocol, docs/pool.md) and an
// instant as epoch seconds plus the nanosecond adjustment, which is what getNano() returns.
@SuppressWarnings({"EnumOrdinal", "JavaInstantGetSecondsGetNano"})
public final class LinkFrames {

    private static final PostStatus[] POST_STATUSES = PostStatus.values();
    private static final long MIN_EPOCH_SECOND = Instant.MIN.getEpochSecond();
    private static final long MAX_EPOCH_SECOND = Instant.MAX.getEpochSecond();

    private LinkFrames() {
    }

    /**
     * Appends the whole frame, length field included, to {@code out}.
     *
     * <p>Unpaired surrogates in a string are written as {@code '?'}, as {@link String#getBytes}
     * would: a frame is never refused for its text.
     *
     * @throws IllegalArgumentException if {@code frame} is an {@link InvalidFrame}
     */
    public static void encode(LinkFrame frame, ByteBuf out) {
        encode(frame, out, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #encode(LinkFrame, ByteBuf)}, but refuses a frame whose length field would exceed
     * {@code maxFrameBytes}: better one failed write than a peer that loses framing on the whole link.
     * On refusal {@code out} is left as it was.
     *
     * @throws IllegalArgumentException if {@code frame} is an {@link InvalidFrame} or too large
     */
    public static void encode(LinkFrame frame, ByteBuf out, int maxFrameBytes) {
        Objects.requireNonNull(frame, "frame");
        if (frame instanceof InvalidFrame invalid) {
            throw new IllegalArgumentException(
                    "an InvalidFrame is decoder output and is never encoded (" + invalid.reason() + ")");
        }
        int start = out.writerIndex();
        try {
            out.writeInt(0); // patched below, once the body's size is known
            out.writeByte(LinkFormat.VERSION);
            out.writeByte(typeOf(frame));
            writeBody(frame, out);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
        int length = out.writerIndex() - start - LENGTH_FIELD_BYTES;
        if (length > maxFrameBytes) {
            out.writerIndex(start);
            throw new IllegalArgumentException(frame.getClass().getSimpleName() + " of " + length
                    + " bytes exceeds the link's frame limit of " + maxFrameBytes + " bytes");
        }
        out.setInt(start, length);
    }

    /**
     * The type code of {@code frame}.
     *
     * @throws IllegalArgumentException for an {@link InvalidFrame}, which has none
     */
    public static int typeOf(LinkFrame frame) {
        if (frame instanceof Hello) {
            return TYPE_HELLO;
        } else if (frame instanceof ForwardPost) {
            return TYPE_FORWARD_POST;
        } else if (frame instanceof PostResult) {
            return TYPE_POST_RESULT;
        } else if (frame instanceof Deliver) {
            return TYPE_DELIVER;
        } else if (frame instanceof Presence) {
            return TYPE_PRESENCE;
        } else if (frame instanceof Acquire) {
            return TYPE_ACQUIRE;
        } else if (frame instanceof AcquireResult) {
            return TYPE_ACQUIRE_RESULT;
        } else if (frame instanceof Ping) {
            return TYPE_PING;
        } else if (frame instanceof MirrorCheck) {
            return TYPE_MIRROR_CHECK;
        } else if (frame instanceof MirrorCheckResult) {
            return TYPE_MIRROR_CHECK_RESULT;
        }
        throw new IllegalArgumentException("an InvalidFrame has no type code");
    }

    private static void writeBody(LinkFrame frame, ByteBuf out) {
        if (frame instanceof Hello f) {
            out.writeInt(f.version());
            writeString(out, f.nodeId());
            writeString(out, f.dataCenter());
            out.writeLong(f.epoch());
        } else if (frame instanceof ForwardPost f) {
            out.writeLong(f.requestId());
            writeString(out, f.roomId());
            writeString(out, f.author());
            writeString(out, f.text());
            out.writeBoolean(f.alert());
            writeString(out, f.storyTitle());
        } else if (frame instanceof PostResult f) {
            out.writeLong(f.requestId());
            out.writeByte(f.status().ordinal());
            out.writeLong(f.msgid());
            writeString(out, f.reason());
        } else if (frame instanceof Deliver f) {
            writeString(out, f.roomId());
            out.writeLong(f.msgid());
            out.writeLong(f.ts().getEpochSecond());
            out.writeInt(f.ts().getNano());
            writeString(out, f.author());
            writeString(out, f.text());
            out.writeBoolean(f.alert());
            writeString(out, f.storyTitle());
        } else if (frame instanceof Presence f) {
            writeString(out, f.roomId());
            writeString(out, f.user());
            out.writeBoolean(f.joined());
            out.writeBoolean(f.manager());
            out.writeBoolean(f.viaBjoin());
        } else if (frame instanceof Acquire f) {
            out.writeLong(f.requestId());
            writeString(out, f.roomId());
        } else if (frame instanceof AcquireResult f) {
            out.writeLong(f.requestId());
            writeString(out, f.roomId());
            out.writeBoolean(f.granted());
        } else if (frame instanceof MirrorCheck f) {
            out.writeLong(f.requestId());
        } else if (frame instanceof MirrorCheckResult f) {
            out.writeLong(f.requestId());
            out.writeBoolean(f.inSync());
        } else if (!(frame instanceof Ping)) {
            throw new AssertionError(frame);
        }
    }

    private static void writeString(ByteBuf out, String s) {
        if (s == null) {
            out.writeInt(NULL_STRING_LENGTH);
            return;
        }
        // Write the text straight into the buffer and patch its length in: one pass, no byte[] copy.
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        int length = ByteBufUtil.writeUtf8(out, s);
        out.setInt(lengthIndex, length);
    }

    /**
     * Reads one frame body: the readable bytes of {@code body}, from the reader index on, which
     * are consumed. Never throws for any content; anything that is not exactly one valid body of
     * {@code type} in {@code version} becomes an {@link InvalidFrame} with {@code framingLost}
     * false (the caller's length field still marks where the next frame starts).
     *
     * @param version the frame's version byte
     * @param type the frame's type byte
     */
    public static LinkFrame decodeBody(int version, int type, ByteBuf body) {
        if (version != LinkFormat.VERSION) {
            return new InvalidFrame("frame version " + version + " is not supported (this node reads version "
                    + LinkFormat.VERSION + ")", false);
        }
        String name = typeName(type);
        if (name == null) {
            return new InvalidFrame("frame type " + type + " is unknown", false);
        }
        BodyReader r = new BodyReader(name, body);
        try {
            // Arguments are evaluated left to right: fields are read in wire order.
            LinkFrame frame = switch (type) {
                case TYPE_HELLO -> new Hello(r.readInt("version"), r.readString("nodeId", false),
                        r.readString("dataCenter", false), r.readLong("epoch"));
                case TYPE_FORWARD_POST -> new ForwardPost(r.readLong("requestId"), r.readString("roomId", false),
                        r.readString("author", false), r.readString("text", false), r.readBoolean("alert"),
                        r.readString("storyTitle", true));
                case TYPE_POST_RESULT -> new PostResult(r.readLong("requestId"), r.readPostStatus("status"),
                        r.readLong("msgid"), r.readString("reason", false));
                case TYPE_DELIVER -> new Deliver(r.readString("roomId", false), r.readLong("msgid"),
                        r.readInstant("ts"), r.readString("author", false), r.readString("text", false),
                        r.readBoolean("alert"), r.readString("storyTitle", true));
                case TYPE_PRESENCE -> new Presence(r.readString("roomId", false), r.readString("user", false),
                        r.readBoolean("joined"), r.readBoolean("manager"), r.readBoolean("viaBjoin"));
                case TYPE_ACQUIRE -> new Acquire(r.readLong("requestId"), r.readString("roomId", false));
                case TYPE_ACQUIRE_RESULT -> new AcquireResult(r.readLong("requestId"), r.readString("roomId", false),
                        r.readBoolean("granted"));
                case TYPE_PING -> Ping.INSTANCE;
                case TYPE_MIRROR_CHECK -> new MirrorCheck(r.readLong("requestId"));
                case TYPE_MIRROR_CHECK_RESULT -> new MirrorCheckResult(r.readLong("requestId"), r.readBoolean("inSync"));
                default -> throw new AssertionError(type);
            };
            r.expectEnd();
            return frame;
        } catch (MalformedBody e) {
            return new InvalidFrame(e.getMessage(), false);
        } catch (IllegalArgumentException e) {
            // A record's own invariant (msgid ranges): its message names the field.
            return new InvalidFrame(name + ": " + e.getMessage(), false);
        }
    }

    /** The record name of a type code, or null if the code is unknown. */
    static String typeName(int type) {
        return switch (type) {
            case TYPE_HELLO -> "Hello";
            case TYPE_FORWARD_POST -> "ForwardPost";
            case TYPE_POST_RESULT -> "PostResult";
            case TYPE_DELIVER -> "Deliver";
            case TYPE_PRESENCE -> "Presence";
            case TYPE_ACQUIRE -> "Acquire";
            case TYPE_ACQUIRE_RESULT -> "AcquireResult";
            case TYPE_PING -> "Ping";
            case TYPE_MIRROR_CHECK -> "MirrorCheck";
            case TYPE_MIRROR_CHECK_RESULT -> "MirrorCheckResult";
            default -> null;
        };
    }

    /** A body that does not match its type's layout; the message is the whole InvalidFrame reason. */
    private static final class MalformedBody extends Exception {
        MalformedBody(String reason) {
            super(reason, null, false, false); // control flow, not a bug: no stack trace
        }
    }

    /** Bounds-checked reads that name the frame type and field in every failure. */
    private static final class BodyReader {

        private final String frameName;
        private final ByteBuf body;
        private CharsetDecoder utf8;
        private boolean fieldsRead;

        BodyReader(String frameName, ByteBuf body) {
            this.frameName = frameName;
            this.body = body;
        }

        long readLong(String field) throws MalformedBody {
            require(Long.BYTES, "long", field);
            return body.readLong();
        }

        int readInt(String field) throws MalformedBody {
            require(Integer.BYTES, "int", field);
            return body.readInt();
        }

        boolean readBoolean(String field) throws MalformedBody {
            require(1, "boolean", field);
            int b = body.readUnsignedByte();
            if (b > 1) {
                throw malformed("boolean field " + field + " has value " + b + " (must be 0 or 1)");
            }
            return b == 1;
        }

        PostStatus readPostStatus(String field) throws MalformedBody {
            require(1, "enum", field);
            int ordinal = body.readUnsignedByte();
            if (ordinal >= POST_STATUSES.length) {
                throw malformed("enum field " + field + " has value " + ordinal + ", which is not a PostStatus (0.."
                        + (POST_STATUSES.length - 1) + ")");
            }
            return POST_STATUSES[ordinal];
        }

        Instant readInstant(String field) throws MalformedBody {
            require(Long.BYTES + Integer.BYTES, "timestamp", field);
            long seconds = body.readLong();
            int nanos = body.readInt();
            if (nanos < 0 || nanos > 999_999_999) {
                throw malformed("timestamp field " + field + " has nanoseconds " + nanos + " (must be 0..999999999)");
            }
            if (seconds < MIN_EPOCH_SECOND || seconds > MAX_EPOCH_SECOND) {
                throw malformed("timestamp field " + field + " has epoch seconds " + seconds
                        + ", outside the range of an Instant");
            }
            return Instant.ofEpochSecond(seconds, nanos);
        }

        String readString(String field, boolean nullable) throws MalformedBody {
            require(Integer.BYTES, "string", field);
            int length = body.readInt();
            if (length == NULL_STRING_LENGTH) {
                if (!nullable) {
                    throw malformed("string field " + field + " is null, which it may not be");
                }
                return null;
            }
            if (length < 0) {
                throw malformed("string field " + field + " has a negative length of " + length);
            }
            require(length, "string", field);
            if (length == 0) {
                return "";
            }
            if (utf8 == null) {
                // REPORT, not the lenient default of String's constructors: bad bytes are a bad frame,
                // not a U+FFFD in somebody's chat message.
                utf8 = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            try {
                String s = utf8.decode(body.nioBuffer(body.readerIndex(), length)).toString();
                body.skipBytes(length);
                return s;
            } catch (CharacterCodingException e) {
                throw malformed("string field " + field + " is not valid UTF-8");
            }
        }

        void expectEnd() throws MalformedBody {
            int left = body.readableBytes();
            if (left > 0) {
                String bytes = left + (left == 1 ? " byte" : " bytes");
                throw malformed(fieldsRead ? bytes + " left over after the last field"
                        : bytes + " in a body that must be empty");
            }
        }

        private void require(int bytes, String kind, String field) throws MalformedBody {
            fieldsRead = true;
            if (body.readableBytes() < bytes) {
                throw malformed(kind + " field " + field + " is truncated");
            }
        }

        private MalformedBody malformed(String problem) {
            return new MalformedBody(frameName + ": " + problem);
        }
    }
}
