package io.pchat.storage.compliance;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes text into XML 1.0 so that any string round-trips through a parser: markup characters
 * are escaped, CR/TAB/LF kept as character references where a parser would normalise them, and
 * characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are
 * replaced by U+FFFD.
 */
final class XmlText {
    private XmlText() {
    }

    static void text(Writer out, String s) throws IOException {
        write(out, s, false);
    }

    static void attribute(Writer out, String s) throws IOException {
        write(out, s, true);
    }

    private static void write(Writer out, String s, boolean attribute) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '&') {
                out.write("&amp;");
            } else if (ch == '<') {
                out.write("&lt;");
            } else if (ch == '>') {
                out.write("&gt;");
            } else if (ch == '"' && attribute) {
                out.write("&quot;");
            } else if (ch == '\r' || (attribute && (ch == '\n' || ch == '\t'))) {
                out.write("&#" + (int) ch + ";");
            } else if (ch == '\n' || ch == '\t') {
                out.write(ch);
            } else if (ch < 0x20 || ch == 0xFFFE || ch == 0xFFFF) {
                out.write('\uFFFD');
            } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.write(ch);
                out.write(s.charAt(++i));
            } else if (Character.isSurrogate(ch)) {
                out.write('\uFFFD');
            } else {
                out.write(ch);
            }
        }
    }
}
