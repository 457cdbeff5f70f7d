package io.pchat.protocol.sip;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.pchat.protocol.sip.SipFrame.Failed;
import io.pchat.protocol.sip.SipFrame.Failed.Reason;

/**
 * Cuts a SIP-over-TCP byte stream (RFC 3261 section 18.3) into {@link SipFrame}s. It frames only:
 * it checks the start line's shape and reads {@code Content-Length}, and leaves every other header
 * to {@link SipMessageParser}.
 *
 * <p>Framing rules:
 * <ul>
 *   <li>The header block ends at the first empty line; lines may end in CRLF or bare LF.</li>
 *   <li>The body is exactly {@code Content-Length} (or compact {@code l}) bytes; header names are
 *       case-insensitive, folded values are unfolded. RFC 3261 makes Content-Length mandatory on
 *       stream transports, but a missing one is read as 0 (liberal in what we accept: a request
 *       without a body is still framed correctly, and one with an undeclared body will fail to
 *       parse as the next message).</li>
 *   <li>Between messages, line terminators are keep-alive traffic: every two empty lines (RFC 5626
 *       CRLF CRLF ping) produce one {@link SipFrame.KeepAlive}; a single stray one is skipped.</li>
 * </ul>
 *
 * <p>Errors never throw into the pipeline; they become {@link SipFrame.Failed}. A body over the
 * limit keeps framing: the decoder reports it once and then drops exactly that many bytes as they
 * arrive, never buffering them. Anything that makes the next message's start unknowable (an
 * oversized or unterminated header block, a bad Content-Length, a garbage start line) loses framing:
 * the decoder reports it once and then discards all further input. No buffering is unbounded: an
 * incomplete header block fails as soon as it reaches the header limit.
 *
 * <p>If the channel closes in the middle of a message, one {@code Failed(TRUNCATED)} is emitted
 * (nobody can be answered on a closed connection, but the session layer can log it); a close in the
 * middle of a skipped oversized body emits nothing more, since that message was already reported.
 *
 * <p>Invariant: in {@code READ_HEADERS} the reader index is at the start of a message (or of
 * keep-alive terminators) and nothing of that message has been consumed; {@code scanned} bytes from
 * there have been examined and hold no empty line. Not sharable: one instance per connection.
 */
public final class SipFrameDecoder extends ByteToMessageDecoder {

    private enum State {
        /** Waiting for, or scanning, a header block. */
        READ_HEADERS,
        /** Header block complete and accepted; waiting for all body bytes. */
        READ_BODY,
        /** Dropping the body of a message reported as too large. */
        SKIP_BODY,
        /** Framing lost: everything is discarded. */
        BROKEN
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte HT = '\t';
    private static final byte[] SIP_VERSION = {'S', 'I', 'P', '/', '2', '.', '0'};

    // Sentinels of contentLength(); every valid value is >= 0.
    private static final long CL_ABSENT = -1;
    private static final long CL_MALFORMED = -2;
    private static final long CL_CONFLICTING = -3;

    private final SipFrameLimits limits;

    private State state = State.READ_HEADERS;

    // READ_HEADERS, all relative to the reader index
    private int scanned;
    private int startLineEnd = -1;
    private boolean startLineHasSpace;
    private int lineStart;
    private int emptyLinesBetweenMessages;

    // READ_BODY
    private int headerLength;
    private int bodyLength;

    // SKIP_BODY
    private long bytesToSkip;

    public SipFrameDecoder() {
        this(SipFrameLimits.DEFAULT);
    }

    public SipFrameDecoder(SipFrameLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Whether part of a message has arrived and the rest has not: a header block begun, or a body
     * awaited or being skipped. Lets the connection hold a message to a deadline (a peer that sends
     * a byte now and then must not keep a connection open for ever).
     */
    public boolean inMessage() {
        return switch (state) {
            case READ_BODY, SKIP_BODY -> true;
            case READ_HEADERS -> actualReadableBytes() > 0;
            case BROKEN -> false;
        };
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // One step per call; ByteToMessageDecoder calls again while input is consumed.
        switch (state) {
            case READ_HEADERS -> readHeaders(in, out);
            case READ_BODY -> readBody(in, out);
            case SKIP_BODY -> skipBody(in);
            case BROKEN -> in.skipBytes(in.readableBytes());
            default -> throw new AssertionError(state);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // Complete frames were already taken by decode(); what is left is unfinished.
        boolean midMessage = state == State.READ_BODY
                || state == State.READ_HEADERS && in.isReadable() && !isLineBreak(in.getByte(in.readerIndex()));
        if (midMessage) {
            int available = in.readableBytes();
            byte[] headerBlock = state == State.READ_BODY ? copy(in, headerLength) : null;
            out.add(new Failed(Reason.TRUNCATED,
                    "connection closed after " + available + " bytes of an unfinished message", headerBlock));
            state = State.BROKEN;
        }
        in.skipBytes(in.readableBytes());
    }

    private void readHeaders(ByteBuf in, List<Object> out) {
        if (scanned == 0 && !skipKeepAlives(in, out)) {
            return;
        }
        int base = in.readerIndex();
        int end = Math.min(in.readableBytes(), limits.maxHeaderBlockBytes());
        int i = scanned;
        while (i < end) {
            if (startLineEnd < 0 && !startLineHasSpace) {
                // Fail early on binary junk (a TLS hello on the plain port, say) instead of
                // buffering up to the header limit: before the first space only a method or
                // "SIP/2.0" can appear. Byte by byte here; the rest of the block jumps from LF to LF.
                byte b = in.getByte(base + i);
                if (b == SP) {
                    startLineHasSpace = true;
                } else if (b == LF) {
                    startLineEnd = i;
                    if (!startLineIsValid(in, out, base, i)) {
                        return;
                    }
                    lineStart = i + 1;
                } else if (b != CR && !isTokenChar(b) && b != '/') {
                    loseFraming(in, out, Reason.MALFORMED_START_LINE,
                            "unexpected byte 0x" + Integer.toHexString(b & 0xff) + " in start line");
                    return;
                }
                i++;
                continue;
            }
            // one bounds and liveness check per line, not per byte
            int lf = in.indexOf(base + i, base + end, LF);
            if (lf < 0) {
                break;
            }
            i = lf - base;
            if (startLineEnd < 0) {
                startLineEnd = i;
                if (!startLineIsValid(in, out, base, i)) {
                    return;
                }
            } else {
                boolean emptyLine = i == lineStart || i == lineStart + 1 && in.getByte(base + lineStart) == CR;
                if (emptyLine) {
                    headerBlockComplete(in, out, i + 1);
                    return;
                }
            }
            lineStart = i + 1;
            i++;
        }
        scanned = end;
        if (end == limits.maxHeaderBlockBytes()) {
            loseFraming(in, out, Reason.HEADER_TOO_LARGE,
                    "no end of header block within " + limits.maxHeaderBlockBytes() + " bytes");
        }
    }

    /** Checks the start line ending at the LF at {@code lf}; false after losing the framing. */
    private boolean startLineIsValid(ByteBuf in, List<Object> out, int base, int lf) {
        int contentEnd = lf > 0 && in.getByte(base + lf - 1) == CR ? lf - 1 : lf;
        if (!isValidStartLine(in, base, contentEnd)) {
            loseFraming(in, out, Reason.MALFORMED_START_LINE,
                    "not a SIP request or status line: " + printable(in, base, contentEnd));
            return false;
        }
        return true;
    }

    /**
     * Consumes line terminators in front of a message, emitting a keep-alive for every pair.
     * Returns whether a message starts at the reader index.
     */
    private boolean skipKeepAlives(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int r = in.readerIndex();
            byte b = in.getByte(r);
            if (b == LF) {
                in.skipBytes(1);
            } else if (b == CR) {
                if (in.readableBytes() < 2) {
                    return false; // wait: CRLF or a stray CR?
                }
                // A CR without LF is no line at all: drop it without counting.
                boolean crlf = in.getByte(r + 1) == LF;
                in.skipBytes(crlf ? 2 : 1);
                if (!crlf) {
                    continue;
                }
            } else {
                emptyLinesBetweenMessages = 0; // a single stray CRLF before a message is just skipped
                return true;
            }
            if (++emptyLinesBetweenMessages == 2) {
                emptyLinesBetweenMessages = 0;
                out.add(SipFrame.KeepAlive.INSTANCE);
                return false; // one frame per step
            }
        }
        return false;
    }

    private void headerBlockComplete(ByteBuf in, List<Object> out, int length) {
        long contentLength = contentLength(in, in.readerIndex() + startLineEnd + 1, in.readerIndex() + length);
        if (contentLength == CL_MALFORMED || contentLength == CL_CONFLICTING) {
            byte[] headerBlock = copy(in, length);
            String detail = contentLength == CL_MALFORMED
                    ? "Content-Length is not an integer in 0.." + Integer.MAX_VALUE
                    : "Content-Length given twice with different values";
            out.add(new Failed(Reason.BAD_CONTENT_LENGTH, detail, headerBlock));
            in.skipBytes(in.readableBytes());
            state = State.BROKEN;
            return;
        }
        long bodyBytes = Math.max(0, contentLength);
        resetHeaderScan();
        if (bodyBytes > limits.maxBodyBytes()) {
            out.add(new Failed(Reason.BODY_TOO_LARGE,
                    "Content-Length " + bodyBytes + " exceeds the limit of " + limits.maxBodyBytes(),
                    copy(in, length)));
            in.skipBytes(length);
            bytesToSkip = bodyBytes;
            state = State.SKIP_BODY;
            return;
        }
        headerLength = length;
        bodyLength = (int) bodyBytes;
        state = State.READ_BODY;
        readBody(in, out);
    }

    private void readBody(ByteBuf in, List<Object> out) {
        int total = headerLength + bodyLength;
        if (in.readableBytes() < total) {
            return;
        }
        out.add(new SipFrame.Message(in.readRetainedSlice(total), headerLength));
        state = State.READ_HEADERS;
    }

    private void skipBody(ByteBuf in) {
        int n = (int) Math.min(in.readableBytes(), bytesToSkip);
        in.skipBytes(n);
        bytesToSkip -= n;
        if (bytesToSkip == 0) {
            state = State.READ_HEADERS;
        }
    }

    private void loseFraming(ByteBuf in, List<Object> out, Reason reason, String detail) {
        out.add(new Failed(reason, detail));
        in.skipBytes(in.readableBytes());
        state = State.BROKEN;
    }

    private void resetHeaderScan() {
        scanned = 0;
        startLineEnd = -1;
        startLineHasSpace = false;
        lineStart = 0;
    }

    /**
     * The body length declared by the header lines in {@code [from, to)} (which end with the empty
     * line), or one of the {@code CL_} sentinels.
     */
    private static long contentLength(ByteBuf in, int from, int to) {
        long result = CL_ABSENT;
        StringBuilder value = null; // non-null while inside a Content-Length header
        int lineStart = from;
        while (lineStart < to) {
            int lf = in.indexOf(lineStart, to, LF);
            int lineEnd = lf > lineStart && in.getByte(lf - 1) == CR ? lf - 1 : lf;
            boolean continuation = lineEnd > lineStart
                    && (in.getByte(lineStart) == SP || in.getByte(lineStart) == HT);
            if (continuation) {
                if (value != null) {
                    value.append(' ').append(in.toString(lineStart, lineEnd - lineStart,
                            StandardCharsets.ISO_8859_1));
                }
            } else {
                if (value != null) {
                    result = merge(result, parseLength(value));
                    value = null;
                    if (result < CL_ABSENT) {
                        return result;
                    }
                }
                int colon = in.indexOf(lineStart, lineEnd, (byte) ':');
                if (colon > lineStart && isContentLengthName(in, lineStart, colon)) {
                    value = new StringBuilder(in.toString(colon + 1, lineEnd - colon - 1,
                            StandardCharsets.ISO_8859_1));
                }
            }
            lineStart = lf + 1;
        }
        return value == null ? result : merge(result, parseLength(value));
    }

    private static long merge(long previous, long next) {
        if (next == CL_MALFORMED) {
            return CL_MALFORMED;
        }
        if (previous != CL_ABSENT && previous != next) {
            return CL_CONFLICTING;
        }
        return next;
    }

    private static long parseLength(CharSequence raw) {
        String v = raw.toString().strip();
        // Ten digits cover Integer.MAX_VALUE; anything longer is not a length we could ever honour.
        if (v.isEmpty() || v.length() > 10) {
            return CL_MALFORMED;
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return CL_MALFORMED;
            }
            n = n * 10 + (c - '0');
        }
        return n > Integer.MAX_VALUE ? CL_MALFORMED : n;
    }

    private static boolean isContentLengthName(ByteBuf in, int from, int colon) {
        int end = colon;
        while (end > from && (in.getByte(end - 1) == SP || in.getByte(end - 1) == HT)) {
            end--;
        }
        int length = end - from;
        if (length == 1) {
            return (in.getByte(from) | 0x20) == 'l';
        }
        return length == 14 && isContentLength(in, from);
    }

    // "content-length" as big-endian words; the masks set the case bit only where a letter stands,
    // so OR-ing them lower-cases exactly the letters (a '-' must be a '-', not a CR made one).
    private static final long CONTENT_ = word("content-");
    private static final long CONTENT_CASE = 0x2020202020202000L;
    private static final int LENG = (int) word("leng");
    private static final short TH = (short) word("th");

    /** Three reads instead of fourteen: every byte read on a pooled buffer checks its reference count. */
    private static boolean isContentLength(ByteBuf in, int from) {
        return (in.getLong(from) | CONTENT_CASE) == CONTENT_
                && (in.getInt(from + 8) | 0x20202020) == LENG
                && (short) (in.getShort(from + 12) | 0x2020) == TH;
    }

    private static long word(String ascii) {
        long w = 0;
        for (int i = 0; i < ascii.length(); i++) {
            w = (w << 8) | ascii.charAt(i);
        }
        return w;
    }

    /**
     * Request-Line = Method SP Request-URI SP SIP-Version; Status-Line = SIP-Version SP 3DIGIT
     * [SP Reason-Phrase] (the reason is optional here: some stacks omit it).
     */
    private static boolean isValidStartLine(ByteBuf in, int base, int end) {
        int length = end;
        if (startsWithSipVersion(in, base, length) && length > SIP_VERSION.length
                && in.getByte(base + SIP_VERSION.length) == SP) {
            int code = SIP_VERSION.length + 1;
            if (length < code + 3) {
                return false;
            }
            for (int i = code; i < code + 3; i++) {
                if (!isDigit(in.getByte(base + i))) {
                    return false;
                }
            }
            if (length == code + 3) {
                return true;
            }
            if (in.getByte(base + code + 3) != SP) {
                return false;
            }
            for (int i = code + 4; i < length; i++) {
                byte b = in.getByte(base + i);
                if (isControl(b) && b != HT) {
                    return false;
                }
            }
            return true;
        }
        int methodEnd = 0;
        while (methodEnd < length && isTokenChar(in.getByte(base + methodEnd))) {
            methodEnd++;
        }
        if (methodEnd == 0 || methodEnd >= length || in.getByte(base + methodEnd) != SP) {
            return false;
        }
        int uriStart = methodEnd + 1;
        int uriEnd = uriStart;
        while (uriEnd < length && isUriChar(in.getByte(base + uriEnd))) {
            uriEnd++;
        }
        if (uriEnd == uriStart || uriEnd >= length || in.getByte(base + uriEnd) != SP) {
            return false;
        }
        int versionStart = uriEnd + 1;
        return length - versionStart == SIP_VERSION.length && startsWithSipVersion(in, base + versionStart, SIP_VERSION.length);
    }

    private static boolean startsWithSipVersion(ByteBuf in, int from, int available) {
        if (available < SIP_VERSION.length) {
            return false;
        }
        for (int i = 0; i < SIP_VERSION.length; i++) {
            int b = in.getByte(from + i);
            int upper = b >= 'a' && b <= 'z' ? b & ~0x20 : b;
            if (upper != SIP_VERSION[i]) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3261 token: alphanumeric and {@code -.!%*_+`'~}. */
    private static boolean isTokenChar(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || isDigit(b)
                || b == '-' || b == '.' || b == '!' || b == '%' || b == '*'
                || b == '_' || b == '+' || b == '`' || b == '\'' || b == '~';
    }

    /** Printable ASCII other than space: what may appear in a Request-URI. */
    private static boolean isUriChar(byte b) {
        return b > SP && b < 0x7f;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isControl(byte b) {
        return b >= 0 && b < SP || b == 0x7f;
    }

    private static boolean isLineBreak(byte b) {
        return b == CR || b == LF;
    }

    private static byte[] copy(ByteBuf in, int length) {
        byte[] bytes = new byte[length];
        in.getBytes(in.readerIndex(), bytes);
        return bytes;
    }

    /** At most 80 bytes of the line, non-printables escaped, for a failure's detail. */
    private static String printable(ByteBuf in, int from, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(length, 80); i++) {
            int b = in.getByte(from + i) & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return length > 80 ? sb.append("...").toString() : sb.toString();
    }
}
