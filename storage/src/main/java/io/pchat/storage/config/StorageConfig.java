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
 * @param failoverMsgidMargin   msgids each room skips at a failover whose old primary cannot be
 *                              read: beyond what the lost side may have handed out since the last
 *                              shipment, so that no msgid names two messages
 * @param promoteStandby        external replication on PostgreSQL: the pool promotes the mirror
 *                              itself when the primary is lost
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
        int historyCacheMessages,
        long failoverMsgidMargin,
        boolean promoteStandby) {

    // Defaults and bounds are StorageSettings'; these names are kept for the code that reads them.
    public static final Duration DEFAULT_SHIP_INTERVAL = StorageSettings.SHIP_INTERVAL.defaultDuration();
    public static final int DEFAULT_GROUP_COMMIT_MAX_BATCH = StorageSettings.GROUP_COMMIT_MAX_BATCH.defaultInt();
    public static final Duration DEFAULT_GROUP_COMMIT_MAX_WAIT = StorageSettings.GROUP_COMMIT_MAX_WAIT.defaultDuration();
    public static final Duration DEFAULT_GROUP_COMMIT_MIN_INTERVAL = StorageSettings.GROUP_COMMIT_MIN_INTERVAL.defaultDuration();
    public static final int DEFAULT_APPEND_QUEUE_CAPACITY = StorageSettings.APPEND_QUEUE_CAPACITY.defaultInt();
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = StorageSettings.CONNECTION_TIMEOUT.defaultDuration();
    public static final Duration DEFAULT_PROBE_TIMEOUT = StorageSettings.PROBE_TIMEOUT.defaultDuration();

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
        b.failoverMsgidMargin = failoverMsgidMargin;
        b.promoteStandby = promoteStandby;
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
                + "\nstorage.cache.historyMessages=" + historyCacheMessages
                + "\nstorage.failoverMsgidMargin=" + failoverMsgidMargin
                + "\nstorage.promoteStandby=" + promoteStandby;
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
        private long roomCacheSize = StorageSettings.CACHE_ROOMS.defaultInt();
        private long accessCacheSize = StorageSettings.CACHE_ACCESS.defaultInt();
        private long historyCacheRooms = StorageSettings.CACHE_HISTORY_ROOMS.defaultInt();
        private int historyCacheMessages = StorageSettings.CACHE_HISTORY_MESSAGES.defaultInt();
        private long failoverMsgidMargin = StorageSettings.FAILOVER_MSGID_MARGIN.defaultInt();
        private boolean promoteStandby = Boolean.TRUE.equals(StorageSettings.PROMOTE_STANDBY.defaultValue());

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
        public Builder failoverMsgidMargin(long value) { this.failoverMsgidMargin = value; return this; }
        public Builder promoteStandby(boolean value) { this.promoteStandby = value; return this; }

        public StorageConfig build() {
            if (primary == null) {
                throw new InvalidConfigurationException(StorageSettings.url("primary").key(), "is required");
            }
            checkEndpoint("primary", primary);
            if (mirror != null) {
                checkEndpoint("mirror", mirror);
                checkDistinct("mirror", mirror, primary);
            }
            if (backup != null) {
                checkEndpoint("backup", backup);
                checkDistinct("backup", backup, primary);
                if (mirror != null) {
                    checkDistinct("backup", backup, mirror);
                }
            }
            if (replication == null) {
                throw new InvalidConfigurationException(StorageSettings.REPLICATION.key(), "must be external or builtin");
            }
            StorageSettings.SHIP_INTERVAL.check(shipInterval);
            StorageSettings.GROUP_COMMIT_MAX_BATCH.check(groupCommitMaxBatch);
            StorageSettings.GROUP_COMMIT_MAX_WAIT.check(groupCommitMaxWait);
            StorageSettings.GROUP_COMMIT_MIN_INTERVAL.check(groupCommitMinInterval);
            StorageSettings.APPEND_QUEUE_CAPACITY.check(appendQueueCapacity);
            if (appendQueueCapacity < groupCommitMaxBatch) {
                throw new InvalidConfigurationException(StorageSettings.APPEND_QUEUE_CAPACITY.key(),
                        "must be at least " + StorageSettings.GROUP_COMMIT_MAX_BATCH.key() + " (" + groupCommitMaxBatch + "), was "
                                + appendQueueCapacity);
            }
            StorageSettings.CONNECTION_TIMEOUT.check(connectionTimeout);
            Duration probe = StorageSettings.PROBE_TIMEOUT.check(probeTimeout != null ? probeTimeout : DEFAULT_PROBE_TIMEOUT);
            if (probe.compareTo(connectionTimeout) > 0) {
                probe = connectionTimeout; // a check never waits longer than normal work would
            }
            StorageSettings.CACHE_ROOMS.check(roomCacheSize);
            StorageSettings.CACHE_ACCESS.check(accessCacheSize);
            StorageSettings.CACHE_HISTORY_ROOMS.check(historyCacheRooms);
            StorageSettings.CACHE_HISTORY_MESSAGES.check(historyCacheMessages);
            StorageSettings.FAILOVER_MSGID_MARGIN.check(failoverMsgidMargin);
            return new StorageConfig(primary, Optional.ofNullable(mirror), Optional.ofNullable(backup), replication,
                    shipInterval, groupCommitMaxBatch, groupCommitMaxWait, groupCommitMinInterval, appendQueueCapacity, connectionTimeout,
                    probe, roomCacheSize, accessCacheSize, historyCacheRooms, historyCacheMessages,
                    failoverMsgidMargin, promoteStandby);
        }

        private static void checkEndpoint(String name, EndpointConfig endpoint) {
            String key = StorageSettings.url(name).key();
            String url = endpoint.url().trim();
            if (url.isEmpty()) {
                throw new InvalidConfigurationException(key, "is required");
            }
            if (Dialect.fromJdbcUrl(url).isEmpty()) {
                throw new InvalidConfigurationException(key,
                        "must start with jdbc:h2:, jdbc:postgresql: or jdbc:sqlserver:, was " + maskUrl(url));
            }
            StorageSettings.maxPoolSize(name).check(endpoint.maxPoolSize());
        }

        private static void checkDistinct(String name, EndpointConfig a, EndpointConfig b) {
            if (a.url().trim().equalsIgnoreCase(b.url().trim())) {
                throw new InvalidConfigurationException(StorageSettings.url(name).key(), "must name another database than the primary's or mirror's");
            }
        }
    }

    /** Masks {@code password=...} inside a JDBC URL so URLs can be logged. */
    public static String maskUrl(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1******");
    }
}
