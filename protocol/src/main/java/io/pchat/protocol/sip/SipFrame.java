package io.pchat.protocol.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

import java.util.Arrays;
import java.util.Objects;

/**
 * One unit cut from a SIP-over-TCP byte stream by {@link SipFrameDecoder}: a whole message, a
 * keep-alive ping, or a report that the stream could not be framed.
 *
 * <p>Only {@link Message} holds a buffer; the other two are plain values. A handler that receives
 * a frame owns it and must release it ({@code ReferenceCountUtil.release(frame)} is correct for
 * all three kinds).
 */
public sealed interface SipFrame permits SipFrame.Message, SipFrame.KeepAlive, SipFrame.Failed {

    /**
     * One complete SIP message: the header block (start line, headers and the empty line) followed
     * by exactly {@code Content-Length} body bytes.
     *
     * <p>Invariant: {@code content()} holds {@code headerLength + bodyLength} readable bytes and the
     * header block ends with an empty line. The frame owns one reference to {@code content()} (a
     * retained slice of the decoder's cumulation); {@link #headers()} and {@link #body()} are
     * unretained views that are valid only until the frame is released.
     */
    final class Message extends DefaultByteBufHolder implements SipFrame {

        private final int headerLength;

        public Message(ByteBuf content, int headerLength) {
            super(content);
            if (headerLength <= 0 || headerLength > content.readableBytes()) {
                throw new IllegalArgumentException(
                        "headerLength " + headerLength + " outside 1.." + content.readableBytes());
            }
            this.headerLength = headerLength;
        }

        /** Bytes of the header block, empty line included. */
        public int headerLength() {
            return headerLength;
        }

        /** Bytes of the body, equal to the message's {@code Content-Length}. */
        public int bodyLength() {
            return content().readableBytes() - headerLength;
        }

        /** Unretained view of the header block; do not use it after releasing the frame. */
        public ByteBuf headers() {
            return content().slice(content().readerIndex(), headerLength);
        }

        /** Unretained view of the body; do not use it after releasing the frame. */
        public ByteBuf body() {
            return content().slice(content().readerIndex() + headerLength, bodyLength());
        }

        /** A copy of the header block, for parsers that want an array. */
        public byte[] headerBytes() {
            return copy(content().readerIndex(), headerLength);
        }

        /** A copy of the body. */
        public byte[] bodyBytes() {
            return copy(content().readerIndex() + headerLength, bodyLength());
        }

        private byte[] copy(int index, int length) {
            byte[] bytes = new byte[length];
            content().getBytes(index, bytes);
            return bytes;
        }

        @Override
        public Message replace(ByteBuf content) {
            return new Message(content, headerLength);
        }

        @Override
        public Message copy() {
            return (Message) super.copy();
        }

        @Override
        public Message duplicate() {
            return (Message) super.duplicate();
        }

        @Override
        public Message retainedDuplicate() {
            return (Message) super.retainedDuplicate();
        }

        @Override
        public Message retain() {
            super.retain();
            return this;
        }

        @Override
        public Message retain(int increment) {
            super.retain(increment);
            return this;
        }

        @Override
        public Message touch() {
            super.touch();
            return this;
        }

        @Override
        public Message touch(Object hint) {
            super.touch(hint);
            return this;
        }

        @Override
        public String toString() {
            return "SipFrame.Message[headerLength=" + headerLength + ", bodyLength=" + bodyLength() + "]";
        }
    }

    /**
     * An RFC 5626 keep-alive ping (an empty line pair, CRLF CRLF, between messages). The session
     * layer answers it with a single CRLF pong.
     */
    record KeepAlive() implements SipFrame {
        /** The only instance needed; the record has no state. */
        public static final KeepAlive INSTANCE = new KeepAlive();
    }

    /**
     * The decoder could not turn the input into a message.
     *
     * <p>Invariant: {@code status} and {@code framingLost} follow from {@code reason}. When
     * framing is lost the decoder discards everything after this frame and the session layer must
     * answer (if it can) and close the connection; otherwise the offending message has been skipped
     * and the next one will decode normally. {@code headerBlock} is the complete header block of the
     * offending message when it was read (so a response can be addressed to it), else empty.
     *
     * @param reason what went wrong
     * @param detail human-readable explanation, for logs
     * @param headerBlock the offending message's header block, or an empty array
     */
    record Failed(Reason reason, String detail, byte[] headerBlock) implements SipFrame {

        /** Why a frame failed; fixes the status to answer and whether the connection is still usable. */
        public enum Reason {
            /** No empty line within the header limit. */
            HEADER_TOO_LARGE(400, true),
            /** A valid Content-Length above the body limit; the body is skipped, not buffered. */
            BODY_TOO_LARGE(413, false),
            /** Content-Length not a non-negative integer, too large to represent, or given twice with different values. */
            BAD_CONTENT_LENGTH(400, true),
            /** The first line is neither a request line nor a status line. */
            MALFORMED_START_LINE(400, true),
            /** The connection closed in the middle of a message. */
            TRUNCATED(400, true);

            private final int status;
            private final boolean framingLost;

            Reason(int status, boolean framingLost) {
                this.status = status;
                this.framingLost = framingLost;
            }

            /** The SIP status the session layer should answer with. */
            public int status() {
                return status;
            }

            /** Whether the byte stream can no longer be framed and the connection must be closed. */
            public boolean framingLost() {
                return framingLost;
            }
        }

        private static final byte[] NO_HEADERS = new byte[0];

        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            headerBlock = headerBlock == null || headerBlock.length == 0 ? NO_HEADERS : headerBlock.clone();
        }

        /** A failure with no header block to report. */
        public Failed(Reason reason, String detail) {
            this(reason, detail, NO_HEADERS);
        }

        /** The SIP status the session layer should answer with (400 or 413). */
        public int status() {
            return reason.status();
        }

        /** Whether the connection must be closed after answering. */
        public boolean framingLost() {
            return reason.framingLost();
        }

        /** Whether {@link #headerBlock()} holds the offending message's headers. */
        public boolean hasHeaderBlock() {
            return headerBlock.length > 0;
        }

        @Override
        public byte[] headerBlock() {
            return headerBlock.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Failed other
                    && reason == other.reason
                    && detail.equals(other.detail)
                    && Arrays.equals(headerBlock, other.headerBlock);
        }

        @Override
        public int hashCode() {
            return Objects.hash(reason, detail, Arrays.hashCode(headerBlock));
        }

        @Override
        public String toString() {
            return "SipFrame.Failed[" + reason + " (" + status() + (framingLost() ? ", framing lost" : "")
                    + "): " + detail + ", headerBlock=" + headerBlock.length + " bytes]";
        }
    }
}
