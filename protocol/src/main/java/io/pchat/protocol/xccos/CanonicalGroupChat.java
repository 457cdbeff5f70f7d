package io.pchat.protocol.xccos;

import java.util.List;

/**
 * Reads the one envelope a client receives per message delivered to it, when it is exactly as
 * the node writes it ({@link EncodedGroupChat}), without the general XML parser:
 * {@code <xccos ver="1" envid=".." xmlns="urn:parlano:xml:ns:xccos"><grpchat id="grpchat" seqid=".."
 * chanUri=".." [author=".."] ts=".." [msgid=".."] [alert="true"] [storyTitle=".."]><chat>..</chat></grpchat></xccos>}.
 *
 * <p>The shortcut is strict and narrow: attributes written {@code  name="value"} (one space, no
 * spaces around {@code =}, double quotes), each known name at most once, in the writer's order;
 * in values and text only the references the writer emits ({@code &amp; &lt; &gt; &quot; &#13;
 * &#10; &#9;}) and no raw control character, {@code <} or {@code >}, nor a raw CR, tab or line feed
 * in a value (XML would normalise them); nothing before or after the envelope. Anything else
 * returns null and the caller parses with the full reader, which accepts or refuses it as
 * before: on every input this shortcut takes, the result is the full reader's (a property test
 * holds it to that on every fixture and on every corruption of them). Values go through the same
 * {@link XccosAttributes} checks as the full reader's.
 */
final class CanonicalGroupChat {
    private static final char[] XCCOS = "<xccos".toCharArray();
    private static final char[] GRPCHAT = "<grpchat".toCharArray();
    private static final char[] CHAT = "<chat>".toCharArray();
    private static final char[] END = "</chat></grpchat></xccos>".toCharArray();
    private static final String[] ROOT_ORDER = {"ver", "envid", "xmlns"};
    private static final String[] REFERENCES = {"&amp;", "&lt;", "&gt;", "&quot;", "&#13;", "&#10;", "&#9;"};
    private static final char[] REFERENCED = {'&', '<', '>', '"', '\r', '\n', '\t'};
    private static final String[] GRPCHAT_ORDER = {"id", "seqid", "chanUri", "author", "ts", "msgid", "alert", "storyTitle"};

    private final char[] t;
    private final int end;
    private final XccosLimits limits;
    private int p;

    private CanonicalGroupChat(char[] text, int offset, int length, XccosLimits limits) {
        this.t = text;
        this.p = offset;
        this.end = offset + length;
        this.limits = limits;
    }

    /** The envelope, or null when the text is not a delivery exactly as the node writes it. */
    static Envelope read(char[] text, int offset, int length, XccosLimits limits) {
        if (limits.maxDepth() < 3 || limits.maxElements() < 4) {
            return null;
        }
        return new CanonicalGroupChat(text, offset, length, limits).envelope();
    }

    private Envelope envelope() {
        String[] rootValues = new String[ROOT_ORDER.length];
        String[] chatValues = new String[GRPCHAT_ORDER.length];
        if (!literal(XCCOS) || attributes(ROOT_ORDER, rootValues) < 0 || !literal(GRPCHAT)) {
            return null;
        }
        int count = attributes(GRPCHAT_ORDER, chatValues);
        if (count < 0 || !literal(CHAT)) {
            return null;
        }
        String chat = text();
        if (chat == null || !literal(END) || p != end) {
            return null;
        }
        if (!"1".equals(rootValues[0]) || !Envelope.NAMESPACE.equals(rootValues[2]) || !"grpchat".equals(chatValues[0])) {
            return null;
        }
        try {
            XccosAttributes root = attributesOf("xccos", ROOT_ORDER, rootValues);
            GroupChatAttributes a = GroupChatAttributes.of(attributesOf("grpchat", GRPCHAT_ORDER, chatValues));
            return new Envelope(1, root.envid("envid"), List.of(a.with(chat)));
        } catch (XccosProblem | IllegalArgumentException e) {
            return null; // the full reader gives the error
        }
    }

    private static XccosAttributes attributesOf(String element, String[] order, String[] values) {
        String[] names = new String[order.length];
        String[] present = new String[order.length];
        int count = 0;
        for (int i = 0; i < order.length; i++) {
            if (values[i] != null) {
                names[count] = order[i];
                present[count++] = values[i];
            }
        }
        return new XccosAttributes(element, names, present, count);
    }

    private boolean literal(char[] expected) {
        if (end - p < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (t[p + i] != expected[i]) {
                return false;
            }
        }
        p += expected.length;
        return true;
    }

    /**
     * {@code  name="value"} pairs up to and including {@code >}, names from {@code order} in that
     * order, each at most once; the values go to {@code values}. Returns how many, or -1.
     */
    private int attributes(String[] order, String[] values) {
        int next = 0;
        int count = 0;
        while (p < end && t[p] == ' ') {
            p++;
            int nameStart = p;
            while (p < end && t[p] != '=' && t[p] != ' ' && t[p] != '>') {
                p++;
            }
            if (p + 1 >= end || t[p] != '=' || t[p + 1] != '"') {
                return -1;
            }
            int slot = -1;
            for (int i = next; i < order.length && slot < 0; i++) {
                if (order[i].length() == p - nameStart && matches(order[i], nameStart)) {
                    slot = i;
                }
            }
            if (slot < 0) {
                return -1; // unknown, repeated or out of order
            }
            p += 2;
            String value = value();
            if (value == null) {
                return -1;
            }
            values[slot] = value;
            next = slot + 1;
            count++;
        }
        if (p >= end || t[p] != '>') {
            return -1;
        }
        p++;
        return count;
    }

    /** An attribute value up to its closing quote (consumed), references resolved; null if not canonical. */
    private String value() {
        return characters(true);
    }

    /** The text of {@code <chat>} up to the next {@code <} (not consumed), references resolved; null if not canonical. */
    private String text() {
        return characters(false);
    }

    /**
     * Characters up to the closing quote of a value or the {@code <} after a text, with the
     * writer's references resolved; null when something the writer never writes comes first
     * (a raw control character other than a text's line feed or tab, {@code <}, {@code >},
     * U+FFFE/U+FFFF) or the result is over the limit.
     */
    private String characters(boolean inValue) {
        char close = inValue ? '"' : '<';
        int limit = inValue ? limits.maxAttributeChars() : limits.maxTextChars();
        StringBuilder out = null;
        int from = p;
        while (p < end) {
            char c = t[p];
            if (c == close) {
                String v = out == null ? new String(t, from, p - from) : out.append(t, from, p - from).toString();
                p += inValue ? 1 : 0;
                return v.length() > limit ? null : v;
            }
            boolean textWhitespace = !inValue && (c == '\n' || c == '\t');
            if (c < 0x20 && !textWhitespace || c == '<' || c == '>' || c >= 0xFFFE) {
                return null;
            }
            if (c == '&') {
                out = out == null ? new StringBuilder(p - from + 16) : out;
                out.append(t, from, p - from);
                if (!reference(out)) {
                    return null;
                }
                from = p;
                continue;
            }
            p++;
        }
        return null;
    }

    /** One of the writer's references at {@code p}, appended to {@code out} and consumed; false for any other. */
    private boolean reference(StringBuilder out) {
        for (int i = 0; i < REFERENCES.length; i++) {
            if (matches(REFERENCES[i], p)) {
                out.append(REFERENCED[i]);
                p += REFERENCES[i].length();
                return true;
            }
        }
        return false;
    }

    /** Whether {@code s} is at {@code at}, within the text. */
    private boolean matches(String s, int at) {
        if (end - at < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (t[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
