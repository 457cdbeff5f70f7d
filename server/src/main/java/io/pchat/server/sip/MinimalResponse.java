package io.pchat.server.sip;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A response to a message that JAIN-SIP could not parse, written from its raw header block: the
 * status line, whichever of Via, From, To, Call-ID and CSeq (long or compact names) can be found
 * as lines, and {@code Content-Length: 0}. Better than silence: the client learns which request
 * failed when its headers are intact, and at least that something failed when they are not.
 *
 * <p>Invariant: never answers a response or an ACK (RFC 3261 forbids both); the reason phrase is
 * one printable line ({@link ReasonPhrase}).
 */
final class MinimalResponse {

    private static final String[] ECHOED = {"via:", "v:", "from:", "f:", "to:", "t:", "call-id:", "i:", "cseq:"};

    private MinimalResponse() {
    }

    /** The response bytes, or null when the header block is a response or an ACK. */
    static byte[] answering(byte[] headerBlock, int status, String reason) {
        String text = new String(headerBlock, StandardCharsets.UTF_8);
        String[] lines = text.split("\r?\n");
        if (lines.length > 0 && !lines[0].isEmpty()) {
            String start = lines[0].toUpperCase(Locale.ROOT);
            if (start.startsWith("SIP/") || start.startsWith("ACK ")) {
                return null;
            }
        }
        StringBuilder out = new StringBuilder(256);
        out.append("SIP/2.0 ").append(status).append(' ').append(ReasonPhrase.of(reason)).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String lower = lines[i].toLowerCase(Locale.ROOT);
            for (String name : ECHOED) {
                if (lower.startsWith(name) || lower.startsWith(name.substring(0, name.length() - 1) + " :")) {
                    out.append(lines[i].replaceAll("[\\x00-\\x1f\\x7f]", " ")).append("\r\n");
                    break;
                }
            }
        }
        out.append("Content-Length: 0\r\n\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
