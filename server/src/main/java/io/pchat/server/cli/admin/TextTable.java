package io.pchat.server.cli.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * A table built row by row whose first row is the header, printed as the client's
 * {@link io.pchat.client.cli.TextTable} prints tables, so every pchat command aligns alike.
 */
public final class TextTable {
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) {
        rows.add(List.of(header));
    }

    public TextTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "" : String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    /** Rows besides the header. */
    public int size() {
        return rows.size() - 1;
    }

    /** The table, then a line counting its rows: {@code 3 rooms}, {@code 1 room}, and {@code tail} after the count. */
    public String withCount(String one, String many, String tail) {
        return toString() + size() + " " + (size() == 1 ? one : many) + tail + System.lineSeparator();
    }

    @Override
    public String toString() {
        return io.pchat.client.cli.TextTable.format(rows);
    }
}
