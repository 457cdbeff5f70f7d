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
            "builtin: pchat copies its own data to mirror and backup; external: the database replicates (SQL Server"
                    + " mirroring and log shipping, PostgreSQL standbys) and pchat only switches endpoints; with SQL Server"
                    + " and external, the mirror is given to the driver as failoverPartner");
    public static final Setting SHIP_INTERVAL = Setting.duration("storage.shipInterval", Duration.ofSeconds(5),
            Duration.ofMillis(10), Duration.ofHours(1), "how often the backup is shipped to");
    public static final Setting GROUP_COMMIT_MAX_BATCH = Setting.integer("storage.groupCommit.maxBatch", 256, 1, 10_000,
            "most messages in one log transaction");
    public static final Setting GROUP_COMMIT_MAX_WAIT = Setting.duration("storage.groupCommit.maxWait",
            Duration.ofMillis(1), Duration.ZERO, Duration.ofSeconds(1),
            "how long a batch waits for more messages once it has one");
    public static final Setting GROUP_COMMIT_MIN_INTERVAL = Setting.duration("storage.groupCommit.minInterval",
            Duration.ofMillis(10), Duration.ZERO, Duration.ofSeconds(1),
            "least time between the starts of two log transactions: a post arriving sooner after a commit waits for"
                    + " the next, so commits per second stay bounded and the H2 file small");
    public static final Setting APPEND_QUEUE_CAPACITY = Setting.integer("storage.appendQueueCapacity", 20_000, 1,
            10_000_000, "posts waiting for the log before new posts are refused with 503");
    public static final Setting CONNECTION_TIMEOUT = Setting.duration("storage.connectionTimeout", Duration.ofSeconds(5),
            Duration.ofMillis(250), Duration.ofMinutes(5), "how long normal work waits for a database connection (a busy pool under load)");
    public static final Setting PROBE_TIMEOUT = Setting.duration("storage.probeTimeout", Duration.ofSeconds(1),
            Duration.ofMillis(250), Duration.ofMinutes(5),
            "how long the pool's own checks (heartbeat, lease, probes of the other endpoints, promotions) wait for an"
                    + " endpoint before it counts as down (at most storage.connectionTimeout); once one is found down,"
                    + " normal work on it fails at once (503) instead of waiting, until a check finds it answering again");
    public static final Setting CACHE_ROOMS = Setting.integer("storage.cache.rooms", 10_000, 0, 100_000_000,
            "rooms kept in the metadata cache");
    public static final Setting CACHE_ACCESS = Setting.integer("storage.cache.access", 100_000, 0, 100_000_000,
            "access decisions kept");
    public static final Setting CACHE_HISTORY_ROOMS = Setting.integer("storage.cache.historyRooms", 1_000, 0, 10_000_000,
            "rooms whose recent history is kept in memory");
    public static final Setting CACHE_HISTORY_MESSAGES = Setting.integer("storage.cache.historyMessages", 50, 1, 500,
            "messages kept per such room");

    public static final Setting FAILOVER_MSGID_MARGIN = Setting.integer("storage.failoverMsgidMargin", 10_000, 0,
            1_000_000_000, "msgids each room skips at a failover whose old primary cannot be read (beyond the backup's"
                    + " last): more than the room's posts in one ship interval, so that no msgid the lost side handed"
                    + " out names another message; recorded, so history says they do not exist");

    public static final Setting PROMOTE_STANDBY = Setting.bool("storage.promoteStandby", true,
            "external replication on PostgreSQL: the pool promotes the mirror (which must be the primary's synchronous"
                    + " standby) with pg_promote when the primary is lost, as it takes a built-in mirror over; false when a"
                    + " failover manager (Patroni, repmgr) or the operator promotes, and pchat only follows");

    private StorageSettings() {
    }

    /** An endpoint's JDBC URL ({@code endpoint}: primary, mirror or backup); unset by default. */
    public static Setting url(String endpoint) {
        return Setting.string("storage." + endpoint + ".url", null, switch (endpoint) {
            case "primary" -> "JDBC URL of the database that takes writes: jdbc:h2:, jdbc:postgresql: or jdbc:sqlserver:"
                    + " (default: the H2 file node.dataDirectory/db/pchat.mv.db)";
            case "mirror" -> "JDBC URL of the mirror: same data center, kept in step synchronously (optional)";
            case "backup" -> "JDBC URL of the backup: the other data center, shipped to every storage.shipInterval"
                    + " (optional)";
            default -> throw new IllegalArgumentException("not an endpoint: " + endpoint);
        });
    }

    /** An endpoint's user name. */
    public static Setting user(String endpoint) {
        return Setting.string("storage." + endpoint + ".user", "", "user name for the " + endpoint);
    }

    /** An endpoint's password: masked wherever the configuration is shown. */
    public static Setting password(String endpoint) {
        return Setting.secret("storage." + endpoint + ".password", "password for the " + endpoint + " (never logged)");
    }

    /** An endpoint's connection pool size. */
    public static Setting maxPoolSize(String endpoint) {
        return Setting.integer("storage." + endpoint + ".maxPoolSize", 8, 1, 1_000,
                "connections in the " + endpoint + "'s pool");
    }

    /** Every storage setting in file order: each endpoint's four keys, then the rest. */
    public static List<Setting> all() {
        List<Setting> all = new ArrayList<>();
        for (String endpoint : ENDPOINTS) {
            all.addAll(List.of(url(endpoint), user(endpoint), password(endpoint), maxPoolSize(endpoint)));
        }
        all.addAll(List.of(REPLICATION, SHIP_INTERVAL, GROUP_COMMIT_MAX_BATCH, GROUP_COMMIT_MAX_WAIT,
                GROUP_COMMIT_MIN_INTERVAL, APPEND_QUEUE_CAPACITY, CONNECTION_TIMEOUT, PROBE_TIMEOUT, CACHE_ROOMS, CACHE_ACCESS,
                CACHE_HISTORY_ROOMS, CACHE_HISTORY_MESSAGES, FAILOVER_MSGID_MARGIN, PROMOTE_STANDBY));
        return all;
    }
}
