package io.pchat.storage.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.pchat.storage.db.Dialect;

/**
 * The storage settings, validated once by {@link Builder#build()}: an instance always holds a
 * usable configuration. Keys in error messages are the ones of the configuration file
 * ({@code storage.*}).
 *
 * @param primary          the endpoint written to (required)
 * @param mirror           same data center, synchronous copy (optional)
 * @param backup           other data center, shipped every {@code shipInterval} (optional)
 * @param replication      who replicates to mirror and backup
 * @param shipInterval     how often built-in replication ships to the backup
 * @param groupCommitMaxBatch   most messages in one log transaction
 * @param groupCommitMaxWait    how long a batch waits for more messages once it has one
 * @param groupCommitMinInterval least time between the starts of two log transactions (bounds the
 *                              commits per second, so an H2 file written at every commit stays small)
 * @param appendQueueCapacity   messages waiting for the log before appends are refused (503)
 * @param connectionTimeout     how long normal work waits for a connection (a busy pool under load)
 * @param probeTimeout          how long the pool's own checks (heartbeat, lease, probes of the
 *                              other endpoints) wait for one before the endpoint counts as down;
 *                              once it does, normal work on it fails at once instead of waiting
 * @param roomCacheSize         rooms kept in the metadata cache
 * @param accessCacheSize       access decisions kept
 * @param historyCacheRooms     rooms whose recent history is cached
 * @param historyCacheMessages  messages of recent history kept per cached room
 */
public record StorageConfig(
        EndpointConfig primary,
        Optional<EndpointConfig> mirror,
        Optional<EndpointConfig> backup,
        ReplicationMode replication,
        Duration shipInterval,
        int groupCommitMaxBatch,
        Duration groupCommitMaxWait,
        Duration groupCommitMinInterval,
        int appendQueueCapacity,
        Duration connectionTimeout,
        Duration probeTimeout,
        long roomCacheSize,
        long accessCacheSize,
        long historyCacheRooms,
        int historyCacheMessages) {

    public static final Duration DEFAULT_SHIP_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_GROUP_COMMIT_MAX_BATCH = 256;
    public static final Duration DEFAULT_GROUP_COMMIT_MAX_WAIT = Duration.ofMillis(1);
    public static final Duration DEFAULT_GROUP_COMMIT_MIN_INTERVAL = Duration.ofMillis(10);
    public static final int DEFAULT_APPEND_QUEUE_CAPACITY = 20_000;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(1);

    /**
     * The embedded default: one H2 file under {@code dataDirectory}, nothing to install. Every
     * commit is written to the file before it returns ({@code WRITE_DELAY=0}); the short retention
     * keeps the file bounded under that (see {@code H2FileCompaction}).
     */
    public static String embeddedUrl(Path dataDirectory) {
        return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().normalize().resolve("pchat")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;MAX_COMPACT_TIME=3000";
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder embedded(Path dataDirectory) {
        return builder().primary(EndpointConfig.of(embeddedUrl(dataDirectory)));
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.primary = primary;
        b.mirror = mirror.orElse(null);
        b.backup = backup.orElse(null);
        b.replication = replication;
        b.shipInterval = shipInterval;
        b.groupCommitMaxBatch = groupCommitMaxBatch;
        b.groupCommitMaxWait = groupCommitMaxWait;
        b.groupCommitMinInterval = groupCommitMinInterval;
        b.appendQueueCapacity = appendQueueCapacity;
        b.connectionTimeout = connectionTimeout;
        b.probeTimeout = probeTimeout;
        b.roomCacheSize = roomCacheSize;
        b.accessCacheSize = accessCacheSize;
        b.historyCacheRooms = historyCacheRooms;
        b.historyCacheMessages = historyCacheMessages;
        return b;
    }

    /** One line per setting, secrets masked: what the node logs at start. */
    public String describe() {
        return "storage.primary=" + primary
                + "\nstorage.mirror=" + mirror.map(EndpointConfig::toString).orElse("(none)")
                + "\nstorage.backup=" + backup.map(EndpointConfig::toString).orElse("(none)")
                + "\nstorage.replication=" + replication.name().toLowerCase(Locale.ROOT)
                + "\nstorage.shipInterval=" + shipInterval
                + "\nstorage.groupCommit.maxBatch=" + groupCommitMaxBatch
                + "\nstorage.groupCommit.maxWait=" + groupCommitMaxWait
                + "\nstorage.groupCommit.minInterval=" + groupCommitMinInterval
                + "\nstorage.appendQueueCapacity=" + appendQueueCapacity
                + "\nstorage.connectionTimeout=" + connectionTimeout
                + "\nstorage.probeTimeout=" + probeTimeout
                + "\nstorage.cache.rooms=" + roomCacheSize
                + "\nstorage.cache.access=" + accessCacheSize
                + "\nstorage.cache.historyRooms=" + historyCacheRooms
                + "\nstorage.cache.historyMessages=" + historyCacheMessages;
    }

    /** Collects settings; {@link #build()} validates them all and names the first bad key. */
    public static final class Builder {
        private EndpointConfig primary;
        private EndpointConfig mirror;
        private EndpointConfig backup;
        private ReplicationMode replication = ReplicationMode.BUILTIN;
        private Duration shipInterval = DEFAULT_SHIP_INTERVAL;
        private int groupCommitMaxBatch = DEFAULT_GROUP_COMMIT_MAX_BATCH;
        private Duration groupCommitMaxWait = DEFAULT_GROUP_COMMIT_MAX_WAIT;
        private Duration groupCommitMinInterval = DEFAULT_GROUP_COMMIT_MIN_INTERVAL;
        private int appendQueueCapacity = DEFAULT_APPEND_QUEUE_CAPACITY;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private Duration probeTimeout;
        private long roomCacheSize = 10_000;
        private long accessCacheSize = 100_000;
        private long historyCacheRooms = 1_000;
        private int historyCacheMessages = 50;

        private Builder() {
        }

        public Builder primary(EndpointConfig value) { this.primary = value; return this; }
        public Builder mirror(EndpointConfig value) { this.mirror = value; return this; }
        public Builder backup(EndpointConfig value) { this.backup = value; return this; }
        public Builder replication(ReplicationMode value) { this.replication = value; return this; }
        public Builder shipInterval(Duration value) { this.shipInterval = value; return this; }
        public Builder groupCommitMaxBatch(int value) { this.groupCommitMaxBatch = value; return this; }
        public Builder groupCommitMaxWait(Duration value) { this.groupCommitMaxWait = value; return this; }
        public Builder groupCommitMinInterval(Duration value) { this.groupCommitMinInterval = value; return this; }
        public Builder appendQueueCapacity(int value) { this.appendQueueCapacity = value; return this; }
        public Builder connectionTimeout(Duration value) { this.connectionTimeout = value; return this; }
        /** Default: 1 s; never more than the connection timeout (it is cut to it). */
        public Builder probeTimeout(Duration value) { this.probeTimeout = value; return this; }
        public Builder roomCacheSize(long value) { this.roomCacheSize = value; return this; }
        public Builder accessCacheSize(long value) { this.accessCacheSize = value; return this; }
        public Builder historyCacheRooms(long value) { this.historyCacheRooms = value; return this; }
        public Builder historyCacheMessages(int value) { this.historyCacheMessages = value; return this; }

        public StorageConfig build() {
            if (primary == null) {
                throw new InvalidConfigurationException("storage.primary.url", "is required");
            }
            checkEndpoint("storage.primary", primary);
            if (mirror != null) {
                checkEndpoint("storage.mirror", mirror);
                checkDistinct("storage.mirror.url", mirror, primary);
            }
            if (backup != null) {
                checkEndpoint("storage.backup", backup);
                checkDistinct("storage.backup.url", backup, primary);
                if (mirror != null) {
                    checkDistinct("storage.backup.url", backup, mirror);
                }
            }
            if (replication == null) {
                throw new InvalidConfigurationException("storage.replication", "must be external or builtin");
            }
            checkDuration("storage.shipInterval", shipInterval, Duration.ofMillis(10), Duration.ofHours(1));
            checkRange("storage.groupCommit.maxBatch", groupCommitMaxBatch, 1, 10_000);
            checkDuration("storage.groupCommit.maxWait", groupCommitMaxWait, Duration.ZERO, Duration.ofSeconds(1));
            checkDuration("storage.groupCommit.minInterval", groupCommitMinInterval, Duration.ZERO, Duration.ofSeconds(1));
            checkRange("storage.appendQueueCapacity", appendQueueCapacity, 1, 10_000_000);
            if (appendQueueCapacity < groupCommitMaxBatch) {
                throw new InvalidConfigurationException("storage.appendQueueCapacity",
                        "must be at least storage.groupCommit.maxBatch (" + groupCommitMaxBatch + "), was "
                                + appendQueueCapacity);
            }
            checkDuration("storage.connectionTimeout", connectionTimeout, Duration.ofMillis(250), Duration.ofMinutes(5));
            Duration probe = probeTimeout != null ? probeTimeout : DEFAULT_PROBE_TIMEOUT;
            checkDuration("storage.probeTimeout", probe, Duration.ofMillis(250), Duration.ofMinutes(5));
            if (probe.compareTo(connectionTimeout) > 0) {
                probe = connectionTimeout; // a check never waits longer than normal work would
            }
            checkRange("storage.cache.rooms", roomCacheSize, 0, 100_000_000);
            checkRange("storage.cache.access", accessCacheSize, 0, 100_000_000);
            checkRange("storage.cache.historyRooms", historyCacheRooms, 0, 10_000_000);
            checkRange("storage.cache.historyMessages", historyCacheMessages, 1, 500);
            return new StorageConfig(primary, Optional.ofNullable(mirror), Optional.ofNullable(backup), replication,
                    shipInterval, groupCommitMaxBatch, groupCommitMaxWait, groupCommitMinInterval, appendQueueCapacity, connectionTimeout,
                    probe, roomCacheSize, accessCacheSize, historyCacheRooms, historyCacheMessages);
        }

        private static void checkEndpoint(String key, EndpointConfig endpoint) {
            String url = endpoint.url().trim();
            if (url.isEmpty()) {
                throw new InvalidConfigurationException(key + ".url", "is required");
            }
            if (Dialect.fromJdbcUrl(url).isEmpty()) {
                throw new InvalidConfigurationException(key + ".url",
                        "must start with jdbc:h2:, jdbc:postgresql: or jdbc:sqlserver:, was " + maskUrl(url));
            }
            checkRange(key + ".maxPoolSize", endpoint.maxPoolSize(), 1, 1_000);
        }

        private static void checkDistinct(String key, EndpointConfig a, EndpointConfig b) {
            if (a.url().trim().equalsIgnoreCase(b.url().trim())) {
                throw new InvalidConfigurationException(key, "must name another database than the primary's or mirror's");
            }
        }

        private static void checkRange(String key, long value, long min, long max) {
            if (value < min || value > max) {
                throw new InvalidConfigurationException(key, "must be between " + min + " and " + max + ", was " + value);
            }
        }

        private static void checkDuration(String key, Duration value, Duration min, Duration max) {
            if (value == null) {
                throw new InvalidConfigurationException(key, "is required");
            }
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new InvalidConfigurationException(key, "must be between " + min + " and " + max + ", was " + value);
            }
        }
    }

    /** Masks {@code password=...} inside a JDBC URL so URLs can be logged. */
    public static String maskUrl(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1******");
    }
}
