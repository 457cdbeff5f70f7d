package io.pchat.protocol.sip;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * The strict line reading shared by the hand-written scanners of the hot paths ({@link InfoAnswer},
 * {@link InfoRequest}): lines end in CRLF (a bare CR, LF or NUL is refused), header names compare
 * case-insensitively, and a header line is {@code name: value} with the value trimmed of spaces
 * and tabs. A scanner that meets anything else gives up and leaves the message to the full parser.
 *
 * <p>The scanners copy the header block into an array once ({@link #bytesIfStartingWith}) and read that: reading
 * a buffer byte by byte checks its bounds and reference count on every byte, which cost more than
 * the scan itself.
 */
final class HeaderLines {
    static final long MAX_CSEQ = (1L << 31) - 1;

    private HeaderLines() {
    }

    /**
     * The readable bytes of {@code headers}, copied once (its indexes do not move), when they begin
     * with {@code prefix}; null otherwise, checked before anything is copied.
     */
    static byte[] bytesIfStartingWith(ByteBuf headers, byte[] prefix) {
        int at = headers.readerIndex();
        if (headers.readableBytes() < prefix.length) {
            return null;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (headers.getByte(at + i) != prefix[i]) {
                return null;
            }
        }
        return ByteBufUtil.getBytes(headers, at, headers.readableBytes(), false);
    }

    /** One header line: where its name ends, and its trimmed value. Indexes into the scanned buffer. */
    record Line(int start, int nameEnd, int valueStart, int valueEnd, int end) {
    }

    /**
     * The header line starting at {@code from}: null when it is not a plain {@code name: value}
     * line (folded, no colon, no CRLF); {@link #EMPTY} for the empty line that ends the headers.
     */
    static Line read(byte[] b, int from, int end) {
        int eol = lineEnd(b, from, end);
        if (eol < 0) {
            return null;
        }
        if (eol == from + 2) {
            return EMPTY;
        }
        byte first = b[from];
        if (first == ' ' || first == '\t') {
            return null; // folded line: the full parser's business
        }
        int colon = indexOf(b, from, eol - 2, (byte) ':');
        if (colon < 0) {
            return null;
        }
        int nameEnd = colon;
        while (nameEnd > from && isSpace(b[nameEnd - 1])) {
            nameEnd--;
        }
        int valueStart = colon + 1;
        int valueEnd = eol - 2;
        while (valueStart < valueEnd && isSpace(b[valueStart])) {
            valueStart++;
        }
        while (valueEnd > valueStart && isSpace(b[valueEnd - 1])) {
            valueEnd--;
        }
        return new Line(from, nameEnd, valueStart, valueEnd, eol);
    }

    /** The empty line. */
    static final Line EMPTY = new Line(-1, -1, -1, -1, -1);

    /** The index just after the CRLF that ends the line starting at {@code from}, or -1 (no CRLF, or a bare CR or LF). */
    static int lineEnd(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            byte c = b[i];
            if (c == '\r') {
                return i + 1 < end && b[i + 1] == '\n' ? i + 2 : -1;
            }
            if (c == '\n' || c == 0) {
                return -1;
            }
        }
        return -1;
    }

    /** Whether the line's name is {@code lowerName}, ignoring case. */
    static boolean nameIs(byte[] b, Line line, String lowerName) {
        int from = line.start();
        if (line.nameEnd() - from != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The value as a Call-ID: one non-empty run of visible ASCII, or null. */
    static String token(byte[] b, Line line) {
        if (line.valueStart() == line.valueEnd()) {
            return null;
        }
        for (int i = line.valueStart(); i < line.valueEnd(); i++) {
            byte c = b[i];
            if (c <= ' ' || c >= 127) {
                return null;
            }
        }
        return new String(b, line.valueStart(), line.valueEnd() - line.valueStart(), StandardCharsets.US_ASCII);
    }

    /** The number of a CSeq value {@code <digits> LWS INFO} (0..2^31-1), or -1. */
    static long cseqOfInfo(byte[] b, Line line) {
        int to = line.valueEnd();
        long n = 0;
        int p = line.valueStart();
        int digits = 0;
        while (p < to && b[p] >= '0' && b[p] <= '9') {
            n = n * 10 + (b[p] - '0');
            if (++digits > 10 || n > MAX_CSEQ) {
                return -1;
            }
            p++;
        }
        if (digits == 0 || p == to || !isSpace(b[p])) {
            return -1;
        }
        while (p < to && isSpace(b[p])) {
            p++;
        }
        return to - p == 4 && b[p] == 'I' && b[p + 1] == 'N' && b[p + 2] == 'F'
                && b[p + 3] == 'O' ? n : -1;
    }

    /** Whether the bytes at {@code from} are exactly {@code expected}. */
    static boolean startsWith(byte[] b, int from, int end, byte[] expected) {
        if (end - from < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** The index of {@code value} in {@code b[from, to)}, or -1. */
    static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }
}
