package io.pchat.server.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pchat.storage.config.Setting;
import io.pchat.storage.config.StorageSettings;

/**
 * Every key of the configuration file, in the order the example file lists them: the node's own
 * ({@link NodeSettings}), then the storage's ({@link StorageSettings}, written in the storage
 * module, which checks the same bounds when used on its own). A key not in this table is an
 * error; so is a value of the wrong kind or outside its bounds.
 */
public final class ConfigSchema {
    private static final Map<String, Setting> SETTINGS = new LinkedHashMap<>();

    static {
        NodeSettings.all().forEach(ConfigSchema::add);
        StorageSettings.all().forEach(ConfigSchema::add);
    }

    private ConfigSchema() {
    }

    /** Every setting, in file order. */
    public static List<Setting> all() {
        return Collections.unmodifiableList(new ArrayList<>(SETTINGS.values()));
    }

    /** The setting of {@code key}, or null. */
    public static Setting get(String key) {
        return SETTINGS.get(key);
    }

    private static void add(Setting s) {
        if (SETTINGS.putIfAbsent(s.key(), s) != null) {
            throw new IllegalStateException("two settings are named " + s.key());
        }
    }
}
