package io.pchat.protocol.xccos;

import java.util.Locale;

/**
 * The syntax the pchat URI schemes share: {@code scheme://<domain>/<segment>[/<segment>]},
 * scheme case-insensitive, every part non-empty and free of '/', whitespace and control
 * characters. Parts are opaque otherwise: a room id is a GUID for rooms pchat creates, but any
 * id a client sends is kept as it is.
 */
final class UriSyntax {

    private UriSyntax() {
    }

    /** The parts after {@code scheme://}, or null if {@code text} is not of that shape. */
    static String[] split(String scheme, String text, int parts) {
        if (text == null || text.length() <= scheme.length()
                || !text.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return null;
        }
        String[] out = new String[parts];
        int start = scheme.length();
        for (int p = 0; p < parts; p++) {
            int end = p == parts - 1 ? text.length() : text.indexOf('/', start);
            if (end < 0) {
                return null;
            }
            String part = text.substring(start, end);
            if (!isPart(part)) {
                return null;
            }
            out[p] = part;
            start = end + 1;
        }
        return out;
    }

    static boolean isPart(String part) {
        if (part == null || part.isEmpty()) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '/' || Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    static String requirePart(String what, String part) {
        if (!isPart(part)) {
            throw new IllegalArgumentException(what + " must be non-empty without '/', spaces or controls: "
                    + Texts.quote(part));
        }
        return part;
    }

    /**
     * The case-folded form ids are compared in. Folding through upper then lower case makes
     * equals and hashCode agree for letters such as the long s that only match through upper case.
     */
    static String fold(String part) {
        return part.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}
