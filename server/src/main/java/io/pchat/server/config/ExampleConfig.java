package io.pchat.server.config;

import java.util.Arrays;
import java.util.List;

import io.pchat.storage.config.Setting;

/**
 * Writes {@code pchat.example.yaml}: every setting of {@link ConfigSchema} with its default and
 * a comment saying what it is, nested as the file expects. A test keeps the checked-in file
 * equal to this output, so the example cannot drift from the code.
 */
public final class ExampleConfig {
    private static final int WIDTH = 100;

    private ExampleConfig() {
    }

    public static String yaml() {
        StringBuilder out = new StringBuilder();
        out.append("# pchat node configuration: every setting, with its default.\n")
                .append("# Use: pchat node --config pchat.yaml. Any key may be left out (its default applies);\n")
                .append("# '~' means not set. Each key can also be set by an environment variable:\n")
                .append("# PCHAT_ + the key in upper case with dots as underscores (PCHAT_SIP_PORT=5062).\n")
                .append("# Durations: 250ms, 5s, 2m, 1h. An unknown key stops the start.\n");
        String[] open = new String[0];
        for (Setting s : ConfigSchema.all()) {
            String[] parts = s.key().split("\\.");
            int common = 0;
            while (common < open.length && common < parts.length - 1 && open[common].equals(parts[common])) {
                common++;
            }
            for (int i = common; i < parts.length - 1; i++) {
                if (i == 0) {
                    out.append('\n');
                }
                out.append("  ".repeat(i)).append(parts[i]).append(":\n");
            }
            String indent = "  ".repeat(parts.length - 1);
            comment(out, indent, s.help() + (s.bounds().isEmpty() ? "" : " (" + s.bounds() + ")"));
            out.append(indent).append(parts[parts.length - 1]).append(": ").append(value(s)).append('\n');
            open = Arrays.copyOf(parts, parts.length - 1);
        }
        return out.toString();
    }

    /** Writes {@code text} as comment lines of at most {@value #WIDTH} characters (a longer word gets its own line). */
    private static void comment(StringBuilder out, String indent, String text) {
        StringBuilder line = new StringBuilder(indent).append('#');
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() + 1 && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line.setLength(0);
                line.append(indent).append('#');
            }
            line.append(' ').append(word);
        }
        out.append(line).append('\n');
    }

    private static String value(Setting s) {
        if (s.defaultValue() == null) {
            return "~";
        }
        if (s.defaultValue() instanceof List<?> list) {
            return list.isEmpty() ? "[]" : "[" + s.defaultText() + "]";
        }
        String text = s.defaultText();
        if (s.kind() == Setting.Kind.STRING) {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return text;
    }
}
