package io.pchat.protocol.xccos;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A chat message encoded once for delivery to many dialogs. Each dialog numbers its own envelopes,
 * so only the {@code envid} differs between recipients: the {@code <grpchat>} element is encoded
 * once, and {@link #envelope(long)} wraps it in the envelope of one dialog with a single
 * allocation and no re-escaping.
 *
 * <p>Invariant: the bytes produced equal {@link XccosWriter#encode} of
 * {@code Envelope.of(envid, chat())}. Immutable and thread-safe.
 */
public final class EncodedGroupChat {

    private static final byte[] HEAD = "<xccos ver=\"1\" envid=\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AFTER_ENVID = ("\" xmlns=\"" + Envelope.NAMESPACE + "\">")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "</xccos>".getBytes(StandardCharsets.US_ASCII);

    private final GroupChat chat;
    private final byte[] element;

    private EncodedGroupChat(GroupChat chat, byte[] element) {
        this.chat = chat;
        this.element = element;
    }

    /** Encodes the {@code <grpchat>} element of a delivery. */
    public static EncodedGroupChat of(GroupChat chat) {
        Objects.requireNonNull(chat, "chat");
        String xml = XccosWriter.groupChat(new StringBuilder(256 + chat.chat().length()), chat).toString();
        return new EncodedGroupChat(chat, xml.getBytes(StandardCharsets.UTF_8));
    }

    public GroupChat chat() {
        return chat;
    }

    /** The UTF-8 length of the {@code <grpchat>} element alone. */
    public int elementLength() {
        return element.length;
    }

    /** The length of {@link #envelope(long)} for this envid. */
    public int envelopeLength(long envid) {
        return HEAD.length + digits(envid) + AFTER_ENVID.length + element.length + TAIL.length;
    }

    /** The whole body for one dialog: {@code <xccos ver="1" envid=".." xmlns="..">}, the message, {@code </xccos>}. */
    public byte[] envelope(long envid) {
        byte[] out = new byte[envelopeLength(envid)];
        writeEnvelope(envid, out, 0);
        return out;
    }

    /**
     * Writes the body for one dialog into {@code dst} at {@code offset}, for callers that pool
     * their buffers.
     *
     * @return the number of bytes written, {@link #envelopeLength(long)}
     * @throws IndexOutOfBoundsException if it does not fit
     */
    public int writeEnvelope(long envid, byte[] dst, int offset) {
        int length = envelopeLength(envid);
        Objects.checkFromIndexSize(offset, length, dst.length);
        int p = offset;
        System.arraycopy(HEAD, 0, dst, p, HEAD.length);
        p += HEAD.length;
        int d = digits(envid);
        long v = envid;
        for (int i = p + d - 1; i >= p; i--) {
            dst[i] = (byte) ('0' + Long.remainderUnsigned(v, 10));
            v = Long.divideUnsigned(v, 10);
        }
        p += d;
        System.arraycopy(AFTER_ENVID, 0, dst, p, AFTER_ENVID.length);
        p += AFTER_ENVID.length;
        System.arraycopy(element, 0, dst, p, element.length);
        p += element.length;
        System.arraycopy(TAIL, 0, dst, p, TAIL.length);
        return length;
    }

    /** The number of decimal digits of an unsigned 64-bit value. */
    private static int digits(long unsigned) {
        int n = 1;
        long v = Long.divideUnsigned(unsigned, 10);
        while (v != 0) {
            n++;
            v /= 10; // once divided, v is below 2^63 and plain division is exact
        }
        return n;
    }
}
