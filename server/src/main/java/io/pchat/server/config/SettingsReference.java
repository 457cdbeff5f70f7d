package io.pchat.server.config;

import java.util.List;

import io.pchat.storage.config.Setting;

/**
 * The README's configuration tables, generated from the schema: one Markdown table per group of
 * sections (the first part of a key: {@code sip}, {@code storage}), a row per setting with its
 * default and its meaning and bounds. A test keeps the README's tables equal to this output, and
 * {@code pchat config reference} prints it.
 */
public final class SettingsReference {
    private SettingsReference() {
    }

    /** The table of every setting whose first key part is one of {@code sections}, in file order. */
    public static String markdown(List<String> sections) {
        StringBuilder out = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (Setting s : ConfigSchema.all()) {
            if (sections.contains(section(s))) {
                String meaning = s.help() + (s.bounds().isEmpty() ? "" : " (" + s.bounds() + ")");
                out.append("| `").append(s.key()).append("` | ").append(defaultCell(s)).append(" | ")
                        .append(escape(meaning)).append(" |\n");
            }
        }
        return out.toString();
    }

    /** The first part of a setting's key: the section it is written under. */
    public static String section(Setting s) {
        return s.key().substring(0, s.key().indexOf('.'));
    }

    private static String defaultCell(Setting s) {
        if (s.defaultValue() == null) {
            return "(none)";
        }
        String text = s.defaultText();
        return text.isEmpty() ? "(empty)" : "`" + text + "`";
    }

    /** Markdown would read {@code <domain>} as a tag and {@code |} as a cell's end. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|");
    }
}
