package io.pchat.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.pchat.storage.config.Setting;
import io.pchat.storage.config.Setting.Kind;

/**
 * The parsed value of every setting (defaults, then the file, then the environment, then the
 * command line), read by the kind the schema gives each key. Reading a key the schema does not
 * have, or as another kind than its own, is a bug in the loader and fails at once, naming the
 * key, on the first load (every test that loads a configuration exercises every read).
 *
 * <p>Invariant: every value is the typed result of its {@link Setting#parse}, or absent (null)
 * for an unset setting without a default.
 */
final class SettingValues {
    private final Map<String, Object> values;

    SettingValues(Map<String, Object> values) {
        this.values = values;
    }

    int integer(String key) {
        return (Integer) value(key, Kind.INT);
    }

    int integer(Setting setting) {
        return integer(setting.key());
    }

    Duration duration(String key) {
        return (Duration) value(key, Kind.DURATION);
    }

    Duration duration(Setting setting) {
        return duration(setting.key());
    }

    boolean bool(String key) {
        return Boolean.TRUE.equals(value(key, Kind.BOOLEAN));
    }

    /** A string or a choice; "" when unset. */
    String string(String key) {
        Object value = value(key, Kind.STRING, Kind.ENUM);
        return value == null ? "" : value.toString();
    }

    String string(Setting setting) {
        return string(setting.key());
    }

    /** A string that may be unset (no default). */
    Optional<String> optional(String key) {
        return Optional.ofNullable((String) value(key, Kind.STRING));
    }

    boolean isSet(String key) {
        return value(key, Kind.STRING, Kind.ENUM, Kind.INT, Kind.DURATION, Kind.BOOLEAN, Kind.LIST) != null;
    }

    @SuppressWarnings("unchecked")
    List<String> list(String key) {
        return (List<String>) value(key, Kind.LIST);
    }

    private Object value(String key, Kind... kinds) {
        Setting setting = ConfigSchema.get(key);
        if (setting == null) {
            throw new IllegalStateException("the configuration loader reads " + key + ", which is not a setting");
        }
        if (!List.of(kinds).contains(setting.kind())) {
            throw new IllegalStateException("the configuration loader reads " + key + " as " + List.of(kinds)
                    + " but it is " + setting.kind());
        }
        return values.get(key);
    }
}
