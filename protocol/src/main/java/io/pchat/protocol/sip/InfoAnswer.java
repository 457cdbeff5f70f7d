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
@SuppressWarnings("ReferenceEquality") // HeaderLines.EMPTY is a sentinel instance, compared by identity
public record InfoAnswer(int status, String callId, long cseq) {
    private static final byte[] SIP_VERSION = "SIP/2.0 ".getBytes(StandardCharsets.US_ASCII);

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
    public static InfoAnswer scan(ByteBuf buffer) {
        byte[] headers = HeaderLines.bytesIfStartingWith(buffer, SIP_VERSION);
        if (headers == null) {
            return null;
        }
        int end = headers.length;
        if (end < SIP_VERSION.length + 4) {
            return null;
        }
        int p = SIP_VERSION.length; // the prefix was checked before the copy
        int status = 0;
        for (int i = 0; i < 3; i++) {
            int d = headers[p++] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            status = status * 10 + d;
        }
        if (status < 100 || status > 699 || headers[p] != ' ') {
            return null;
        }
        p = HeaderLines.lineEnd(headers, p, end);
        if (p < 0) {
            return null;
        }
        String callId = null;
        long cseq = -1;
        while (true) {
            HeaderLines.Line line = HeaderLines.read(headers, p, end);
            if (line == null) {
                return null;
            }
            if (line == HeaderLines.EMPTY) {
                break;
            }
            if (HeaderLines.nameIs(headers, line, "call-id") || HeaderLines.nameIs(headers, line, "i")) {
                if (callId != null) {
                    return null;
                }
                callId = HeaderLines.token(headers, line);
                if (callId == null) {
                    return null;
                }
            } else if (HeaderLines.nameIs(headers, line, "cseq")) {
                if (cseq >= 0) {
                    return null;
                }
                cseq = HeaderLines.cseqOfInfo(headers, line);
                if (cseq < 0) {
                    return null;
                }
            }
            p = line.end();
        }
        return callId == null || cseq < 0 ? null : new InfoAnswer(status, callId, cseq);
    }
}
