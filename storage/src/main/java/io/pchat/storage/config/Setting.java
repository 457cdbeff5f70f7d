package io.pchat.storage.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One key of the configuration file: its name, the kind of value it takes, its default and its
 * bounds. Parses a raw value (from YAML or an environment variable) into a typed one, or fails
 * with a message that names the key and says what is allowed.
 *
 * @param key          dotted key, e.g. {@code storage.groupCommit.maxBatch}
 * @param kind         the value's kind
 * @param defaultValue the typed default, or null for "not set"
 * @param min          lower bound (INT: value, DURATION: milliseconds)
 * @param max          upper bound (same units)
 * @param choices      allowed words for ENUM (lower case)
 * @param secret       masked when the effective configuration is logged
 * @param help         what it means, for the example file and the README's tables
 *
 * <p>Each setting is written once: the node's settings in the server's schema, the storage
 * settings in {@link StorageSettings}, which both the storage's own validation and the node's
 * configuration file use.
 */
public record Setting(String key, Kind kind, Object defaultValue, long min, long max, List<String> choices,
        boolean secret, String help) {

    public enum Kind { STRING, INT, DURATION, BOOLEAN, ENUM, LIST }

    /** Durations are bounded by a year at most (milliseconds fit a long many times over). */
    private static final long MAX_DURATION_MS = Duration.ofDays(365).toMillis();

    public Setting {
        choices = List.copyOf(choices);
    }

    public static Setting string(String key, String def, String help) {
        return new Setting(key, Kind.STRING, def, 0, 0, List.of(), false, help);
    }

    public static Setting bool(String key, boolean def, String help) {
        return new Setting(key, Kind.BOOLEAN, def, 0, 0, List.of(), false, help);
    }

    /** A string that is masked when the effective configuration is logged; empty by default. */
    public static Setting secret(String key, String help) {
        return new Setting(key, Kind.STRING, "", 0, 0, List.of(), true, help);
    }

    public static Setting integer(String key, int def, long min, long max, String help) {
        return new Setting(key, Kind.INT, def, min, max, List.of(), false, help);
    }

    public static Setting duration(String key, Duration def, Duration min, Duration max, String help) {
        return new Setting(key, Kind.DURATION, def, min.toMillis(), Math.min(max.toMillis(), MAX_DURATION_MS), List.of(),
                false, help);
    }

    public static Setting choice(String key, String def, List<String> choices, String help) {
        return new Setting(key, Kind.ENUM, def, 0, 0, choices, false, help);
    }

    public static Setting list(String key, String help) {
        return new Setting(key, Kind.LIST, List.of(), 0, 0, List.of(), false, help);
    }

    /** The default of an INT setting. */
    public int defaultInt() {
        return (Integer) defaultValue;
    }

    /** The default of a DURATION setting. */
    public Duration defaultDuration() {
        return (Duration) defaultValue;
    }

    /** Checks a typed whole number against the bounds (what {@link #parse} does after parsing). */
    public long check(long value) {
        if (value < min || value > max) {
            throw problem("must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** Checks a typed duration against the bounds, null refused (what {@link #parse} does after parsing). */
    public Duration check(Duration value) {
        if (value == null) {
            throw problem("is required");
        }
        if (value.toMillis() < min || value.toMillis() > max) {
            throw problem("must be between " + Durations.format(Duration.ofMillis(min)) + " and "
                    + Durations.format(Duration.ofMillis(max)) + ", was " + Durations.format(value));
        }
        return value;
    }

    /**
     * What values are allowed, as the example file and the README's tables write it: {@code 1..256},
     * {@code 10ms..1h}, {@code one of builtin, external}; "" for a kind without bounds.
     */
    public String bounds() {
        switch (kind) {
            case INT:
                return min + ".." + max;
            case DURATION:
                return Durations.format(Duration.ofMillis(min)) + ".." + Durations.format(Duration.ofMillis(max));
            case ENUM:
                return "one of " + String.join(", ", choices);
            default:
                return "";
        }
    }

    /** The environment variable that overrides this key: {@code PCHAT_} + the key in upper case, dots as underscores. */
    public String environmentVariable() {
        return "PCHAT_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** Parses a textual value (YAML scalars arrive as text too). */
    public Object parse(String raw) {
        String value = raw.strip();
        switch (kind) {
            case STRING:
                return value;
            case INT: {
                long n;
                try {
                    n = Long.parseLong(value.replace("_", ""));
                } catch (NumberFormatException e) {
                    throw problem("must be a whole number, was '" + value + "'");
                }
                return (int) check(n);
            }
            case DURATION: {
                return check(Durations.parse(value).orElseThrow(() -> problem(
                        "must be a duration such as 250ms, 5s, 2m or 1h, was '" + value + "'")));
            }
            case BOOLEAN:
                if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                    return Boolean.valueOf(value.toLowerCase(Locale.ROOT));
                }
                throw problem("must be true or false, was '" + value + "'");
            case ENUM: {
                String word = value.toLowerCase(Locale.ROOT);
                if (!choices.contains(word)) {
                    throw problem("must be one of " + String.join(", ", choices) + ", was '" + value + "'");
                }
                return word;
            }
            case LIST:
                return value.isEmpty() ? List.of()
                        : List.of(value.split("\\s*,\\s*"));
            default:
                throw new IllegalStateException(kind.toString());
        }
    }

    /** The default as the example file writes it. */
    public String defaultText() {
        if (defaultValue == null) {
            return "";
        }
        if (defaultValue instanceof Duration d) {
            return Durations.format(d);
        }
        if (defaultValue instanceof List<?> l) {
            return String.join(",", l.stream().map(Object::toString).toList());
        }
        return defaultValue.toString();
    }

    InvalidConfigurationException problem(String what) {
        return new InvalidConfigurationException(key, what);
    }
}
