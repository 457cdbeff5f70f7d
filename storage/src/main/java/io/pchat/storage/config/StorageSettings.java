package io.pchat.storage.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every storage setting, written once: its key, default, bounds and meaning. {@link
 * StorageConfig}'s builder takes its defaults from here and checks values against these bounds;
 * the node's configuration file (its schema, the example file, the README's table) lists these
 * same objects, so a default or a bound cannot differ between the two.
 */
public final class StorageSettings {
    /** The three database endpoints, each with the same four keys. */
    public static final List<String> ENDPOINTS = List.of("primary", "mirror", "backup");

    public static final Setting REPLICATION = Setting.choice("storage.replication", "builtin", List.of("builtin", "external"),
            "builtin: pchat copies to mirror and backup; external: the database replicates");
    public static final Setting SHIP_INTERVAL = Setting.duration("storage.shipInterval", Duration.ofSeconds(5),
            Duration.ofMillis(10), Duration.ofHours(1), "how often the backup is shipped to");
    public static final Setting GROUP_COMMIT_MAX_BATCH = Setting.integer("storage.groupCommit.maxBatch", 256, 1, 10_000,
            "most messages in one log transaction");
    public static final Setting GROUP_COMMIT_MAX_WAIT = Setting.duration("storage.groupCommit.maxWait",
            Duration.ofMillis(1), Duration.ZERO, Duration.ofSeconds(1),
            "how long a batch waits for more messages once it has one");
    public static final Setting GROUP_COMMIT_MIN_INTERVAL = Setting.duration("storage.groupCommit.minInterval",
            Duration.ofMillis(10), Duration.ZERO, Duration.ofSeconds(1),
            "least time between two log transactions' starts (bounds commits per second)");
    public static final Setting APPEND_QUEUE_CAPACITY = Setting.integer("storage.appendQueueCapacity", 20_000, 1,
            10_000_000, "posts waiting for the log before 503");
    public static final Setting CONNECTION_TIMEOUT = Setting.duration("storage.connectionTimeout", Duration.ofSeconds(5),
            Duration.ofMillis(250), Duration.ofMinutes(5), "how long normal work waits for a database connection (a busy pool under load)");
    public static final Setting PROBE_TIMEOUT = Setting.duration("storage.probeTimeout", Duration.ofSeconds(1),
            Duration.ofMillis(250), Duration.ofMinutes(5),
            "how long the pool's checks (heartbeat, lease, probes) wait for an endpoint before it counts as down");
    public static final Setting CACHE_ROOMS = Setting.integer("storage.cache.rooms", 10_000, 0, 100_000_000,
            "rooms kept in the metadata cache");
    public static final Setting CACHE_ACCESS = Setting.integer("storage.cache.access", 100_000, 0, 100_000_000,
            "access decisions kept");
    public static final Setting CACHE_HISTORY_ROOMS = Setting.integer("storage.cache.historyRooms", 1_000, 0, 10_000_000,
            "rooms whose recent history is cached");
    public static final Setting CACHE_HISTORY_MESSAGES = Setting.integer("storage.cache.historyMessages", 50, 1, 500,
            "messages kept per cached room");

    private StorageSettings() {
    }

    /** An endpoint's connection pool size ({@code endpoint}: primary, mirror or backup). */
    public static Setting maxPoolSize(String endpoint) {
        return Setting.integer("storage." + endpoint + ".maxPoolSize", 8, 1, 1_000, "connections in this endpoint's pool");
    }

    /** Every storage setting in file order: each endpoint's four keys, then the rest. */
    public static List<Setting> all() {
        List<Setting> all = new ArrayList<>();
        for (String endpoint : ENDPOINTS) {
            all.add(Setting.string("storage." + endpoint + ".url", null, endpoint.equals("primary")
                    ? "JDBC URL (default: H2 file under node.dataDirectory/db)" : "JDBC URL of the " + endpoint + " (optional)"));
            all.add(Setting.string("storage." + endpoint + ".user", "", "user name"));
            all.add(Setting.secret("storage." + endpoint + ".password", "password (never logged)"));
            all.add(maxPoolSize(endpoint));
        }
        all.addAll(List.of(REPLICATION, SHIP_INTERVAL, GROUP_COMMIT_MAX_BATCH, GROUP_COMMIT_MAX_WAIT,
                GROUP_COMMIT_MIN_INTERVAL, APPEND_QUEUE_CAPACITY, CONNECTION_TIMEOUT, PROBE_TIMEOUT, CACHE_ROOMS, CACHE_ACCESS,
                CACHE_HISTORY_ROOMS, CACHE_HISTORY_MESSAGES));
        return all;
    }
}
