package io.pchat.protocol.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import io.netty.buffer.ByteBuf;

/**
 * An INFO request in an established dialog, as a delivery path needs it: its Call-ID, its CSeq
 * number, and the header lines its response must repeat, read by {@link #scan} straight from the
 * framed header block without a general-purpose SIP parser. A client receives one such request
 * per message delivered to it, so this is the client side's hot path.
 *
 * <p>The scan is strict and narrow: the request line must be {@code INFO <uri> SIP/2.0}; header
 * lines {@code name: value} without folding; at least one Via, exactly one From, one To carrying
 * a tag (the dialog is established), one Call-ID (one token) and one CSeq {@code <n> INFO}, in
 * full or compact form. Anything else returns null, and the caller hands the message to the full
 * parser, which accepts or refuses it as before.
 *
 * <p>The response ({@link #answer}) repeats the Via lines in order, From, To, Call-ID and CSeq as
 * they were sent (RFC 3261 section 8.2.6.2; the To tag is already there), and has no body.
 */
@SuppressWarnings("ReferenceEquality") // HeaderLines.EMPTY is a sentinel instance, compared by identity
public final class InfoRequest {
    private static final byte[] METHOD = "INFO ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION = " SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAG = ";tag=".getBytes(StandardCharsets.US_ASCII);

    private final String callId;
    private final long cseq;
    private final String fromTag;
    private final String toTag;
    private final String contentType;
    private final byte[] echoed;

    private InfoRequest(String callId, long cseq, String fromTag, String toTag, String contentType, byte[] echoed) {
        this.callId = Objects.requireNonNull(callId, "callId");
        this.cseq = cseq;
        this.fromTag = fromTag;
        this.toTag = Objects.requireNonNull(toTag, "toTag");
        this.contentType = contentType;
        this.echoed = echoed;
    }

    public String callId() {
        return callId;
    }

    public long cseq() {
        return cseq;
    }

    /** The From tag (the sender's side of the dialog), or null when From has none. */
    public String fromTag() {
        return fromTag;
    }

    /** The To tag (the receiver's side of the dialog). */
    public String toTag() {
        return toTag;
    }

    /** The Content-Type value as sent (parameters included), or null when there is none. */
    public String contentType() {
        return contentType;
    }

    /** Whether the Content-Type (parameters aside, any case) is {@code type/subtype}. */
    public boolean contentTypeIs(String type, String subtype) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        int slash = media.indexOf('/');
        return slash > 0 && media.substring(0, slash).strip().equalsIgnoreCase(type)
                && media.substring(slash + 1).strip().equalsIgnoreCase(subtype);
    }

    /**
     * The whole response: status line, the request's Via, From, To, Call-ID and CSeq lines, and
     * {@code Content-Length: 0}. {@code reason} must be one line of text.
     */
    public byte[] answer(int status, String reason) {
        return answer(status, reason, 0);
    }

    /** The response with a {@code Retry-After} header when {@code retryAfterSeconds} is positive. */
    public byte[] answer(int status, String reason, int retryAfterSeconds) {
        if (status < 200 || status > 699) {
            throw new IllegalArgumentException("not a final status: " + status);
        }
        if (reason.indexOf('\r') >= 0 || reason.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a reason phrase is one line: " + reason);
        }
        byte[] statusLine = ("SIP/2.0 " + status + " " + reason + "\r\n"
                + (retryAfterSeconds > 0 ? "Retry-After: " + retryAfterSeconds + "\r\n" : "")).getBytes(StandardCharsets.UTF_8);
        byte[] end = "Content-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[statusLine.length + echoed.length + end.length];
        System.arraycopy(statusLine, 0, out, 0, statusLine.length);
        System.arraycopy(echoed, 0, out, statusLine.length, echoed.length);
        System.arraycopy(end, 0, out, statusLine.length + echoed.length, end.length);
        return out;
    }

    /**
     * Reads the request from a framed header block (request line and header lines, up to and
     * including the empty line), or returns null when it is not a plain in-dialog INFO. Does not
     * move {@code headers}' indexes.
     */
    public static InfoRequest scan(ByteBuf buffer) {
        byte[] headers = HeaderLines.bytesIfStartingWith(buffer, METHOD);
        if (headers == null) {
            return null;
        }
        int end = headers.length;
        int p = 0; // "INFO " was checked before the copy
        int requestLineEnd = HeaderLines.lineEnd(headers, p, end);
        if (requestLineEnd < 0) {
            return null;
        }
        int uriStart = p + METHOD.length;
        int uriEnd = requestLineEnd - VERSION.length;
        if (uriEnd <= uriStart || !HeaderLines.startsWith(headers, uriEnd, end, VERSION)
                || HeaderLines.indexOf(headers, uriStart, uriEnd, (byte) ' ') >= 0) {
            return null;
        }
        p = requestLineEnd;
        ByteArrayOutputStream echoed = new ByteArrayOutputStream(256);
        int vias = 0;
        int froms = 0;
        int tos = 0;
        String callId = null;
        long cseq = -1;
        String fromTag = null;
        String toTag = null;
        String contentType = null;
        while (true) {
            HeaderLines.Line line = HeaderLines.read(headers, p, end);
            if (line == null) {
                return null;
            }
            if (line == HeaderLines.EMPTY) {
                break;
            }
            boolean echo = true;
            if (HeaderLines.nameIs(headers, line, "via") || HeaderLines.nameIs(headers, line, "v")) {
                vias++;
            } else if (HeaderLines.nameIs(headers, line, "from") || HeaderLines.nameIs(headers, line, "f")) {
                froms++;
                fromTag = tag(headers, line);
            } else if (HeaderLines.nameIs(headers, line, "to") || HeaderLines.nameIs(headers, line, "t")) {
                if (++tos > 1 || (toTag = tag(headers, line)) == null) {
                    return null;
                }
            } else if (HeaderLines.nameIs(headers, line, "call-id") || HeaderLines.nameIs(headers, line, "i")) {
                if (callId != null || (callId = HeaderLines.token(headers, line)) == null) {
                    return null;
                }
            } else if (HeaderLines.nameIs(headers, line, "cseq")) {
                if (cseq >= 0 || (cseq = HeaderLines.cseqOfInfo(headers, line)) < 0) {
                    return null;
                }
            } else {
                echo = false;
                if (HeaderLines.nameIs(headers, line, "content-type") || HeaderLines.nameIs(headers, line, "c")) {
                    if (contentType != null) {
                        return null;
                    }
                    contentType = new String(headers, line.valueStart(), line.valueEnd() - line.valueStart(),
                            StandardCharsets.UTF_8);
                }
            }
            if (echo) {
                echoed.write(headers, line.start(), line.end() - line.start());
            }
            p = line.end();
        }
        if (vias == 0 || froms != 1 || tos != 1 || callId == null || cseq < 0) {
            return null;
        }
        return new InfoRequest(callId, cseq, fromTag, toTag, contentType, echoed.toByteArray());
    }

    /**
     * The value of the {@code ;tag=} parameter (name in any case) of a From or To value: up to
     * the next {@code ;}, space or the end; null when there is none or it is empty.
     */
    private static String tag(byte[] b, HeaderLines.Line line) {
        int end = line.valueEnd();
        int closing = HeaderLines.indexOf(b, line.valueStart(), end, (byte) '>'); // parameters of the URI inside <> are not the header's
        for (int i = Math.max(line.valueStart(), closing + 1); i + TAG.length <= end; i++) {
            boolean match = true;
            for (int j = 0; j < TAG.length && match; j++) {
                int c = b[i + j];
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                match = c == TAG[j];
            }
            if (match) {
                int from = i + TAG.length;
                int to = from;
                while (to < end && b[to] != ';' && !HeaderLines.isSpace(b[to])) {
                    to++;
                }
                return to == from ? null : new String(b, from, to - from, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "InfoRequest[" + callId + ", CSeq " + cseq + "]";
    }
}
