package io.pchat.protocol.xccos;

/** How values taken from the wire are quoted in failure messages: short and printable. */
final class Texts {

    private static final int MAX_QUOTED = 40;

    private Texts() {
    }

    /** Checks a required attribute: present and not empty. */
    static String require(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    /** The value in single quotes, cut at 40 characters, control characters shown as '?'. */
    static String quote(CharSequence value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 6).append('\'');
        for (int i = 0; i < value.length() && i < MAX_QUOTED; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        if (value.length() > MAX_QUOTED) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }
}
