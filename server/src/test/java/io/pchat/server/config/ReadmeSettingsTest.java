package io.pchat.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.pchat.storage.config.Setting;

/**
 * The README's configuration tables against the schema: every setting has a row, every row names
 * real settings, and a row's default is the schema's. A row may name several keys (`a.b`, `.c`
 * for a sibling), or all keys under a prefix (`storage.mirror.*`, whose defaults it describes in
 * words); a default given in words ("(none)", "empty") must match an unset or empty default.
 */
class ReadmeSettingsTest {
    private static final Pattern KEY = Pattern.compile("`([a-zA-Z.*]+)`");

    record Row(List<String> keys, String defaults, String line) {
    }

    @Test
    void everySettingHasARowAndEveryRowsDefaultIsTheSchemas() throws IOException {
        List<Row> rows = rows(Files.readString(Path.of("..", "README.md")));
        assertThat(rows).as("the README's configuration tables were found").hasSizeGreaterThan(50);
        Set<String> covered = new LinkedHashSet<>();
        for (Row row : rows) {
            List<String> exact = new ArrayList<>();
            for (String key : row.keys()) {
                if (key.endsWith(".*")) {
                    String prefix = key.substring(0, key.length() - 1);
                    List<String> under = ConfigSchema.all().stream().map(Setting::key).filter(k -> k.startsWith(prefix))
                            .toList();
                    assertThat(under).as("settings under %s (%s)", key, row.line()).isNotEmpty();
                    covered.addAll(under);
                } else {
                    assertThat(ConfigSchema.get(key)).as("README names %s, which is not a setting: %s", key, row.line())
                            .isNotNull();
                    covered.add(key);
                    exact.add(key);
                }
            }
            String[] defaults = row.defaults().split(",");
            if (exact.size() == row.keys().size() && defaults.length == exact.size()) {
                for (int i = 0; i < exact.size(); i++) {
                    assertDefault(ConfigSchema.get(exact.get(i)), defaults[i].strip(), row.line());
                }
            }
        }
        List<String> missing = ConfigSchema.all().stream().map(Setting::key).filter(k -> !covered.contains(k)).toList();
        assertThat(missing).as("settings without a row in the README's tables").isEmpty();
    }

    private static void assertDefault(Setting s, String cell, String line) {
        String value = cell.replace("`", "").strip();
        if (value.contains(" ")) {
            return; // described in words beyond a value (the primary's URL and where its file lies)
        }
        if (value.equals(s.defaultText()) || parsesTo(s, value)) {
            return; // the value itself (120s and 2m alike; also a choice whose value is the word "none")
        }
        String word = value.toLowerCase(Locale.ROOT);
        if (word.equals("(none)") || word.equals("none") || word.equals("(empty)") || word.equals("empty")) {
            assertThat(s.defaultText()).as("%s: the README says %s (%s)", s.key(), cell, line).isEmpty();
            return;
        }
        assertThat(value).as("%s's default in the README (%s)", s.key(), line).isEqualTo(s.defaultText());
    }

    private static boolean parsesTo(Setting s, String value) {
        try {
            return s.defaultValue() != null && s.parse(value).equals(s.defaultValue());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The rows of the tables whose first column is a setting key, from "## Configuration" on. */
    private static List<Row> rows(String readme) {
        List<Row> rows = new ArrayList<>();
        int start = readme.indexOf("\n## Configuration");
        assertThat(start).as("the README has a Configuration section").isPositive();
        for (String line : readme.substring(start).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 4) {
                continue;
            }
            List<String> keys = new ArrayList<>();
            String parent = null;
            Matcher m = KEY.matcher(cells[1]);
            while (m.find()) {
                String key = m.group(1);
                if (key.startsWith(".") && parent != null) {
                    key = parent + key;
                }
                keys.add(key);
                parent = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : null;
            }
            if (!keys.isEmpty() && keys.get(0).contains(".")) {
                rows.add(new Row(keys, cells[2], line));
            }
        }
        return rows;
    }
}
