package io.pchat.client.cli;

import java.util.List;

/**
 * Left-aligned columns separated by two spaces, each as wide as its widest cell; the last column
 * is not padded. Rows may differ in length.
 */
public final class TextTable {

    private TextTable() {
    }

    public static String format(List<List<String>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                out.append(cell);
                if (i < row.size() - 1) {
                    out.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }
}
