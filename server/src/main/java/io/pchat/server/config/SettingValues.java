package io.pchat.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.pchat.storage.config.Setting;
import io.pchat.storage.config.Setting.Kind;

/**
 * The parsed value of every setting (defaults, then the file, then the environment, then the
 * command line), read by the setting's own constant and as its own kind. Reading a setting the
 * schema does not list, or as another kind than its own, is a bug in the loader and fails at
 * once, naming the key, on the first load (every test that loads a configuration exercises every
 * read).
 *
 * <p>Invariant: every value is the typed result of its {@link Setting#parse}, or absent (null)
 * for an unset setting without a default.
 */
final class SettingValues {
    private final Map<String, Object> values;

    SettingValues(Map<String, Object> values) {
        this.values = values;
    }

    int integer(Setting setting) {
        return (Integer) value(setting, Kind.INT);
    }

    Duration duration(Setting setting) {
        return (Duration) value(setting, Kind.DURATION);
    }

    boolean bool(Setting setting) {
        return Boolean.TRUE.equals(value(setting, Kind.BOOLEAN));
    }

    /** A string or a choice; "" when unset. */
    String string(Setting setting) {
        Object value = value(setting, Kind.STRING, Kind.ENUM);
        return value == null ? "" : value.toString();
    }

    /** A string that may be unset (no default). */
    Optional<String> optional(Setting setting) {
        return Optional.ofNullable((String) value(setting, Kind.STRING));
    }

    boolean isSet(Setting setting) {
        return value(setting, Kind.values()) != null;
    }

    @SuppressWarnings("unchecked")
    List<String> list(Setting setting) {
        return (List<String>) value(setting, Kind.LIST);
    }

    private Object value(Setting setting, Kind... kinds) {
        if (!setting.equals(ConfigSchema.get(setting.key()))) {
            throw new IllegalStateException("the configuration loader reads " + setting.key()
                    + ", which is not a setting of the schema");
        }
        if (!List.of(kinds).contains(setting.kind())) {
            throw new IllegalStateException("the configuration loader reads " + setting.key() + " as " + List.of(kinds)
                    + " but it is " + setting.kind());
        }
        return values.get(setting.key());
    }
}
