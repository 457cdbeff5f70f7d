package io.pchat.protocol.sip;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import io.netty.buffer.ByteBuf;

/**
 * A client's response to one of the node's own INFO requests, as the delivery path needs it:
 * status, Call-ID and CSeq number, read by {@link #scan} straight from the framed header block
 * without a general-purpose SIP parser (one such response comes back per delivered message).
 *
 * <p>The scan is strict and narrow: it accepts only a well-formed status line ({@code SIP/2.0},
 * a three-digit status from 100 to 699, a reason phrase), header lines {@code name: value} without
 * line folding, exactly one Call-ID (or its compact form {@code i}) with one token as its value,
 * and exactly one CSeq whose method is {@code INFO} and whose number is 0..2^31-1. Anything else
 * (a request, another method, a folded or duplicated header, a missing one) is not an answer for
 * this path: {@link #scan} returns null and the caller hands the message to the full parser,
 * which accepts or refuses it as before. The other header lines are not looked at: only an exact
 * Call-ID and CSeq pair matches a pending request of the node.
 *
 * @param status the response's status code
 * @param callId the Call-ID, as sent
 * @param cseq   the CSeq number
 */
public record InfoAnswer(int status, String callId, long cseq) {
    private static final byte[] SIP_VERSION = "SIP/2.0 ".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_CSEQ = (1L << 31) - 1;

    public InfoAnswer {
        Objects.requireNonNull(callId, "callId");
    }

    /** Whether the response is final (not 1xx). */
    public boolean isFinal() {
        return status >= 200;
    }

    /**
     * Reads the answer from a framed header block (the status line and header lines, up to and
     * including the empty line), or returns null when it is not a plain response to an INFO.
     * Does not move {@code headers}' indexes.
     */
    public static InfoAnswer scan(ByteBuf headers) {
        int end = headers.writerIndex();
        int p = headers.readerIndex();
        if (end - p < SIP_VERSION.length + 4) {
            return null;
        }
        for (byte b : SIP_VERSION) {
            if (headers.getByte(p++) != b) {
                return null;
            }
        }
        int status = 0;
        for (int i = 0; i < 3; i++) {
            int d = headers.getByte(p++) - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            status = status * 10 + d;
        }
        if (status < 100 || status > 699 || headers.getByte(p) != ' ') {
            return null;
        }
        p = lineEnd(headers, p, end);
        if (p < 0) {
            return null;
        }
        String callId = null;
        long cseq = -1;
        while (true) {
            int lineStart = p;
            int eol = lineEnd(headers, lineStart, end);
            if (eol < 0) {
                return null;
            }
            if (eol == lineStart + 2) { // the empty line: end of the headers
                break;
            }
            byte first = headers.getByte(lineStart);
            if (first == ' ' || first == '\t') {
                return null; // folded line: the full parser's business
            }
            int colon = headers.indexOf(lineStart, eol - 2, (byte) ':');
            if (colon < 0) {
                return null;
            }
            int nameEnd = colon;
            while (nameEnd > lineStart && isSpace(headers.getByte(nameEnd - 1))) {
                nameEnd--;
            }
            int valueStart = colon + 1;
            int valueEnd = eol - 2;
            while (valueStart < valueEnd && isSpace(headers.getByte(valueStart))) {
                valueStart++;
            }
            while (valueEnd > valueStart && isSpace(headers.getByte(valueEnd - 1))) {
                valueEnd--;
            }
            if (nameIs(headers, lineStart, nameEnd, "call-id") || nameIs(headers, lineStart, nameEnd, "i")) {
                if (callId != null || valueStart == valueEnd) {
                    return null;
                }
                for (int i = valueStart; i < valueEnd; i++) {
                    byte b = headers.getByte(i);
                    if (b <= ' ' || b >= 127) {
                        return null;
                    }
                }
                callId = headers.toString(valueStart, valueEnd - valueStart, StandardCharsets.US_ASCII);
            } else if (nameIs(headers, lineStart, nameEnd, "cseq")) {
                if (cseq >= 0) {
                    return null;
                }
                cseq = cseqOfInfo(headers, valueStart, valueEnd);
                if (cseq < 0) {
                    return null;
                }
            }
            p = eol;
        }
        return callId == null || cseq < 0 ? null : new InfoAnswer(status, callId, cseq);
    }

    /** The number of a CSeq value {@code <digits> LWS INFO}, or -1. */
    private static long cseqOfInfo(ByteBuf b, int from, int to) {
        long n = 0;
        int p = from;
        int digits = 0;
        while (p < to && b.getByte(p) >= '0' && b.getByte(p) <= '9') {
            n = n * 10 + (b.getByte(p) - '0');
            if (++digits > 10 || n > MAX_CSEQ) {
                return -1;
            }
            p++;
        }
        if (digits == 0 || p == to || !isSpace(b.getByte(p))) {
            return -1;
        }
        while (p < to && isSpace(b.getByte(p))) {
            p++;
        }
        return to - p == 4 && b.getByte(p) == 'I' && b.getByte(p + 1) == 'N' && b.getByte(p + 2) == 'F'
                && b.getByte(p + 3) == 'O' ? n : -1;
    }

    /** The index just after the CRLF that ends the line starting at {@code from}, or -1 (no CRLF, or a bare CR or LF). */
    private static int lineEnd(ByteBuf b, int from, int end) {
        for (int i = from; i < end; i++) {
            byte c = b.getByte(i);
            if (c == '\r') {
                return i + 1 < end && b.getByte(i + 1) == '\n' ? i + 2 : -1;
            }
            if (c == '\n' || c == 0) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean nameIs(ByteBuf b, int from, int to, String lowerName) {
        if (to - from != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            int c = b.getByte(from + i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }
}
