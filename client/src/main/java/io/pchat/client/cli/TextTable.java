package io.pchat.client.cli;

import java.util.List;

/**
 * Left-aligned columns separated by two spaces, each as wide as its widest cell on a terminal
 * ({@link #displayWidth}: a CJK character or an emoji takes two columns, a combining mark none);
 * the last column is not padded. Rows may differ in length.
 */
public final class TextTable {

    private TextTable() {
    }

    public static String format(List<List<String>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], displayWidth(row.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                out.append(cell);
                if (i < row.size() - 1) {
                    out.append(" ".repeat(widths[i] - displayWidth(cell) + 2));
                }
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    /**
     * The columns {@code text} takes on a terminal: 2 for East Asian wide and full-width
     * characters and for emoji, 0 for combining marks, zero-width characters and variation
     * selectors, 1 for the rest (what {@code wcwidth} answers for the common cases).
     */
    public static int displayWidth(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            width += width(cp);
        }
        return width;
    }

    private static int width(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x200B) {
            return 0;
        }
        boolean wide = (cp >= 0x1100 && cp <= 0x115F) // Hangul Jamo
                || (cp >= 0x231A && cp <= 0x231B) || (cp >= 0x23E9 && cp <= 0x23EC) || cp == 0x23F0 || cp == 0x23F3
                || (cp >= 0x25FD && cp <= 0x25FE) || (cp >= 0x2614 && cp <= 0x2615) || (cp >= 0x2648 && cp <= 0x2653)
                || cp == 0x267F || cp == 0x2693 || cp == 0x26A1 || (cp >= 0x26AA && cp <= 0x26AB)
                || (cp >= 0x26BD && cp <= 0x26BE) || (cp >= 0x26C4 && cp <= 0x26C5) || cp == 0x26CE || cp == 0x26D4
                || cp == 0x26EA || (cp >= 0x26F2 && cp <= 0x26F5) || cp == 0x26FA || cp == 0x26FD || cp == 0x2705
                || (cp >= 0x270A && cp <= 0x270B) || cp == 0x2728 || cp == 0x274C || cp == 0x274E
                || (cp >= 0x2753 && cp <= 0x2755) || cp == 0x2757 || (cp >= 0x2795 && cp <= 0x2797) || cp == 0x27B0
                || cp == 0x27BF || (cp >= 0x2B1B && cp <= 0x2B1C) || cp == 0x2B50 || cp == 0x2B55 // emoji in BMP
                || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) // CJK radicals .. compatibility
                || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) // CJK ideographs
                || (cp >= 0xA000 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) // Yi, Hangul syllables
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) // compatibility ideographs, forms
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) // full-width forms
                || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF) // emoji pictographs
                || (cp >= 0x1F680 && cp <= 0x1F6FF) || (cp >= 0x1FA70 && cp <= 0x1FAFF) // transport, symbols
                || (cp >= 0x20000 && cp <= 0x3FFFD); // CJK extension planes
        return wide ? 2 : 1;
    }
}
