package io.pchat.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.pchat.storage.config.InvalidConfigurationException;

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
 * @param help         one line for the example file and the README table
 */
public record Setting(String key, Kind kind, Object defaultValue, long min, long max, List<String> choices,
        boolean secret, String help) {

    public enum Kind { STRING, INT, DURATION, BOOLEAN, ENUM, LIST }

    public Setting {
        choices = List.copyOf(choices);
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
                if (n < min || n > max) {
                    throw problem("must be between " + min + " and " + max + ", was " + n);
                }
                return (int) n;
            }
            case DURATION: {
                Duration d = Durations.parse(value).orElseThrow(() -> problem(
                        "must be a duration such as 250ms, 5s, 2m or 1h, was '" + value + "'"));
                if (d.toMillis() < min || d.toMillis() > max) {
                    throw problem("must be between " + Durations.format(Duration.ofMillis(min)) + " and "
                            + Durations.format(Duration.ofMillis(max)) + ", was " + value);
                }
                return d;
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
