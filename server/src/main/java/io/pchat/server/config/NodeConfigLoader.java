package io.pchat.server.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pchat.protocol.sip.SipFrameLimits;
import io.pchat.protocol.xccos.XccosLimits;
import io.pchat.server.admin.AdminSettings;
import io.pchat.server.console.ConsoleSettings;
import io.pchat.server.net.HttpLimits;
import io.pchat.server.node.NodeConfig;
import io.pchat.server.pool.PoolMember;
import io.pchat.server.pool.PoolSettings;
import io.pchat.server.sip.AuthMode;
import io.pchat.server.sip.ConnectionLimits;
import io.pchat.server.sip.FrontEndMode;
import io.pchat.server.sip.SessionSettings;
import io.pchat.server.tls.TlsSettings;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.InvalidConfigurationException;
import io.pchat.storage.config.ReplicationMode;
import io.pchat.storage.config.Setting;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.config.StorageSettings;

/**
 * Reads the node's configuration: the defaults of {@link ConfigSchema}, then the YAML file (if
 * any), then {@code PCHAT_...} environment variables, each overriding the one before. Validated
 * once, here: an unknown key (in the file or as a {@code PCHAT_} variable), a value of the wrong
 * kind or out of bounds, or an impossible combination stops the start with an
 * {@link InvalidConfigurationException} that names the key and says what is allowed.
 */
public final class NodeConfigLoader {
    private static final YAMLMapper YAML = new YAMLMapper();

    private NodeConfigLoader() {
    }

    /** The configuration from {@code file} (null: none) and {@code environment}. */
    public static NodeConfig load(Path file, Map<String, String> environment) {
        return load(file, environment, Map.of());
    }

    /**
     * As {@link #load(Path, Map)}, then {@code overrides} (key to textual value: the command
     * line's options) over everything.
     */
    public static NodeConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, Object> values = defaults();
        if (file != null) {
            readFile(file, values);
        }
        readEnvironment(environment, values);
        overrides.forEach((key, value) -> {
            Setting s = ConfigSchema.get(key);
            if (s == null) {
                throw new IllegalArgumentException("not a setting: " + key);
            }
            values.put(key, s.parse(value));
        });
        return build(new SettingValues(values));
    }

    static Map<String, Object> defaults() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting s : ConfigSchema.all()) {
            values.put(s.key(), s.defaultValue());
        }
        return values;
    }

    private static void readFile(Path file, Map<String, Object> values) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException("--config", "no such file: " + file);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException("--config", "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new InvalidConfigurationException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return; // an empty file: every default
        }
        if (!root.isObject()) {
            throw new InvalidConfigurationException("--config", "must be a mapping of settings (key: value)");
        }
        flatten("", root, values);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> values) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            Setting setting = ConfigSchema.get(key);
            if (setting == null) {
                if (value.isObject() && ConfigSchema.all().stream().anyMatch(s -> s.key().startsWith(key + "."))) {
                    flatten(key + ".", value, values);
                    continue;
                }
                throw new InvalidConfigurationException(key, "is not a setting" + suggestion(key));
            }
            if (value.isNull()) {
                continue; // "key:" with no value keeps the default
            }
            if (value.isObject()) {
                throw new InvalidConfigurationException(key, "takes a single value, not a mapping");
            }
            if (value.isArray()) {
                if (setting.kind() != Setting.Kind.LIST) {
                    throw new InvalidConfigurationException(key, "takes a single value, not a list");
                }
                StringBuilder joined = new StringBuilder();
                for (JsonNode item : value) {
                    joined.append(joined.length() == 0 ? "" : ",").append(item.asText());
                }
                values.put(key, setting.parse(joined.toString()));
                continue;
            }
            values.put(key, setting.parse(value.asText()));
        }
    }

    private static void readEnvironment(Map<String, String> environment, Map<String, Object> values) {
        Map<String, Setting> byVariable = new LinkedHashMap<>();
        for (Setting s : ConfigSchema.all()) {
            byVariable.put(s.environmentVariable(), s);
        }
        environment.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (!e.getKey().startsWith("PCHAT_")) {
                return;
            }
            Setting s = byVariable.get(e.getKey());
            if (s == null) {
                throw new InvalidConfigurationException(e.getKey(), "is not a pchat setting (environment variables"
                        + " are PCHAT_ and the key in upper case, dots as underscores, e.g. PCHAT_SIP_PORT)");
            }
            values.put(s.key(), s.parse(e.getValue()));
        });
    }

    static NodeConfig build(SettingValues v) {
        Path dataDirectory = Path.of(v.string(NodeSettings.NODE_DATA_DIRECTORY));
        StorageConfig.Builder storage = StorageConfig.builder()
                .primary(endpoint(v, "primary", StorageConfig.embeddedUrl(dataDirectory.resolve("db"))))
                .replication(ReplicationMode.valueOf(v.string(StorageSettings.REPLICATION).toUpperCase(Locale.ROOT)))
                .shipInterval(v.duration(StorageSettings.SHIP_INTERVAL))
                .groupCommitMaxBatch(v.integer(StorageSettings.GROUP_COMMIT_MAX_BATCH))
                .groupCommitMaxWait(v.duration(StorageSettings.GROUP_COMMIT_MAX_WAIT))
                .groupCommitMinInterval(v.duration(StorageSettings.GROUP_COMMIT_MIN_INTERVAL))
                .appendQueueCapacity(v.integer(StorageSettings.APPEND_QUEUE_CAPACITY))
                .connectionTimeout(v.duration(StorageSettings.CONNECTION_TIMEOUT))
                .probeTimeout(v.duration(StorageSettings.PROBE_TIMEOUT))
                .roomCacheSize(v.integer(StorageSettings.CACHE_ROOMS))
                .accessCacheSize(v.integer(StorageSettings.CACHE_ACCESS))
                .historyCacheRooms(v.integer(StorageSettings.CACHE_HISTORY_ROOMS))
                .historyCacheMessages(v.integer(StorageSettings.CACHE_HISTORY_MESSAGES))
                .failoverMsgidMargin(v.integer(StorageSettings.FAILOVER_MSGID_MARGIN))
                .promoteStandby(v.bool(StorageSettings.PROMOTE_STANDBY));
        if (v.isSet(StorageSettings.url("mirror"))) {
            storage.mirror(endpoint(v, "mirror", null));
        }
        if (v.isSet(StorageSettings.url("backup"))) {
            storage.backup(endpoint(v, "backup", null));
        }

        String domain = v.string(NodeSettings.SIP_DOMAIN);
        if (v.string(NodeSettings.SIP_AUTH).equals("trusted") && v.list(NodeSettings.SIP_TRUSTED_PEERS).isEmpty()) {
            throw new InvalidConfigurationException(NodeSettings.SIP_TRUSTED_PEERS.key(), "must name at least one peer when sip.auth is trusted");
        }
        SessionSettings sessions;
        try {
            SessionSettings.Builder sip = SessionSettings.builder()
                    .bindHost(v.string(NodeSettings.SIP_HOST))
                    .port(v.integer(NodeSettings.SIP_PORT))
                    .domain(domain)
                    .nodeName(v.string(NodeSettings.NODE_NAME))
                    .poolUri(v.optional(NodeSettings.SIP_POOL_URI).orElse("sip:pchat@" + domain))
                    .legacyUri("sip:ocschat@" + domain)
                    .authMode(AuthMode.valueOf(v.string(NodeSettings.SIP_AUTH).toUpperCase(Locale.ROOT)))
                    .digestRealm(v.optional(NodeSettings.SIP_DIGEST_REALM).orElse(domain))
                    .sessionExpiresSeconds((int) v.duration(NodeSettings.SIP_SESSION_EXPIRES).toSeconds())
                    .nodeTransactionTimeout(v.duration(NodeSettings.SIP_NODE_REQUEST_TIMEOUT))
                    .maxConnections(v.integer(NodeSettings.SIP_MAX_CONNECTIONS))
                    .maxDialogsPerUser(v.integer(NodeSettings.SIP_MAX_DIALOGS_PER_USER))
                    .maxCommandsPerSecond(v.integer(NodeSettings.SIP_MAX_COMMANDS_PER_SECOND))
                    .frontEnd(FrontEndMode.parse(v.string(NodeSettings.SIP_FRONT_END)))
                    .traceUsers(v.list(NodeSettings.SIP_TRACE_USERS))
                    .frameLimits(new SipFrameLimits(SipFrameLimits.DEFAULT.maxHeaderBlockBytes(), v.integer(NodeSettings.SIP_MAX_BODY_BYTES)))
                    .xccosLimits(withInputBytes(v.integer(NodeSettings.SIP_MAX_BODY_BYTES)))
                    .outboundHighWaterMark(v.integer(NodeSettings.SIP_OUTBOUND_HIGH_WATER_MARK))
                    .outboundStallLimit(v.duration(NodeSettings.SIP_OUTBOUND_STALL_LIMIT))
                    .connectionLimits(new ConnectionLimits(v.duration(NodeSettings.SIP_HANDSHAKE_TIMEOUT),
                            v.duration(NodeSettings.SIP_MESSAGE_TIMEOUT), v.duration(NodeSettings.SIP_IDLE_TIMEOUT),
                            v.integer(NodeSettings.SIP_MAX_CONNECTIONS_PER_ADDRESS), v.integer(NodeSettings.SIP_MAX_OUTBOUND_BYTES),
                            v.integer(NodeSettings.SIP_OUTBOUND_BUDGET)));
            for (String peer : v.list(NodeSettings.SIP_TRUSTED_PEERS)) {
                try {
                    sip.trustedPeers(peer);
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigurationException(NodeSettings.SIP_TRUSTED_PEERS.key(), e.getMessage());
                }
            }
            sessions = sip.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(sipKey(e.getMessage()), e.getMessage());
        }
        checkAddress(v, NodeSettings.FILES_HOST);
        NodeConfig.ChatLimits chat = new NodeConfig.ChatLimits(v.integer(NodeSettings.CHAT_DEFAULT_CHAT_HISTORY),
                v.integer(NodeSettings.CHAT_MESSAGE_SIZE_LIMIT), v.integer(NodeSettings.CHAT_STORY_SIZE_LIMIT), v.integer(NodeSettings.CHAT_SEARCH_LIMIT),
                v.integer(NodeSettings.CHAT_PARTICIPANT_UPDATE_LIMIT), v.integer(NodeSettings.CHAT_FILE_SIZE_LIMIT_KB),
                v.duration(NodeSettings.CHAT_FILE_TOKEN_LIFETIME));
        checkAddress(v, NodeSettings.ADMIN_HOST);
        String token = v.string(NodeSettings.ADMIN_TOKEN);
        ConsoleSettings console = new ConsoleSettings(v.bool(NodeSettings.CONSOLE_ENABLED), v.optional(NodeSettings.CONSOLE_PUBLIC_URL),
                v.duration(NodeSettings.CONSOLE_SESSION_IDLE_TIMEOUT), v.duration(NodeSettings.CONSOLE_SESSION_LIFETIME),
                v.integer(NodeSettings.CONSOLE_MAX_SESSIONS), v.integer(NodeSettings.CONSOLE_SIGN_IN_FAILURES));
        AdminSettings admin = new AdminSettings(v.string(NodeSettings.ADMIN_HOST), v.integer(NodeSettings.ADMIN_PORT),
                token.isEmpty() ? Optional.empty() : Optional.of(token), console);
        Optional<TlsSettings> tls = Optional.empty();
        if (v.isSet(NodeSettings.TLS_CERTIFICATE)) {
            if (!v.isSet(NodeSettings.TLS_PRIVATE_KEY)) {
                throw new InvalidConfigurationException(NodeSettings.TLS_PRIVATE_KEY.key(), "is required with tls.certificate");
            }
            tls = Optional.of(new TlsSettings(Path.of(v.string(NodeSettings.TLS_CERTIFICATE)), Path.of(v.string(NodeSettings.TLS_PRIVATE_KEY)),
                    v.optional(NodeSettings.TLS_TRUSTED_CERTIFICATES).map(Path::of),
                    TlsSettings.clientAuth(v.string(NodeSettings.TLS_CLIENT_AUTH))));
        }
        if (tls.isEmpty() && !isLoopback(v.string(NodeSettings.ADMIN_HOST)) && !v.bool(NodeSettings.ADMIN_ALLOW_PLAIN_HTTP)) {
            throw new InvalidConfigurationException(NodeSettings.ADMIN_ALLOW_PLAIN_HTTP.key(), "the admin API on " + v.string(NodeSettings.ADMIN_HOST)
                    + " (not a loopback address) would be plain HTTP, its bearer token readable on the network: set"
                    + " tls.certificate and tls.privateKey, or admin.allowPlainHttp: true to accept that");
        }
        PoolSettings pool = linkSecurity(v, pool(v, v.string(NodeSettings.NODE_NAME)), tls);
        Duration headTimeout = v.duration(NodeSettings.HTTP_HEAD_TIMEOUT);
        int minBodyRate = v.integer(NodeSettings.HTTP_MIN_BODY_RATE);
        NodeConfig.HttpEndpointLimits http = new NodeConfig.HttpEndpointLimits(
                new HttpLimits(v.integer(NodeSettings.FILES_MAX_CONNECTIONS), headTimeout, minBodyRate),
                new HttpLimits(v.integer(NodeSettings.ADMIN_MAX_CONNECTIONS), headTimeout, minBodyRate));
        return new NodeConfig(dataDirectory, storage.build(), sessions, v.string(NodeSettings.FILES_HOST), v.integer(NodeSettings.FILES_PORT),
                chat, v.integer(NodeSettings.NODE_STORAGE_THREADS), admin, tls, v.integer(NodeSettings.SIP_TLS_PORT), pool, http);
    }

    /**
     * The node link is authenticated by default: mutual TLS with the pool CA's certificates
     * ({@code pool.link.certificate} etc., else the node's {@code tls.*}), each peer pinned to its
     * member id. Without TLS only when said ({@code pool.link.tls: false}) and only on loopback.
     */
    private static PoolSettings linkSecurity(SettingValues v, PoolSettings pool, Optional<TlsSettings> tls) {
        if (!pool.isPool()) {
            return pool;
        }
        if (!pool.linkTls()) {
            List<String> exposed = new ArrayList<>();
            if (!isLoopback(pool.linkHost())) {
                exposed.add("pool.link.host " + pool.linkHost());
            }
            pool.members().stream().filter(m -> !isLoopback(m.link().getHostString()))
                    .forEach(m -> exposed.add(m.id() + " at " + m.link().getHostString()));
            if (!exposed.isEmpty()) {
                throw new InvalidConfigurationException(NodeSettings.POOL_LINK_TLS.key(), "false leaves the node link unauthenticated,"
                        + " which is allowed only on loopback addresses, not " + String.join(", ", exposed)
                        + ": make the pool's certificates with pchat cert pool and set pool.link.certificate,"
                        + " pool.link.privateKey and pool.link.trustedCertificates");
            }
            return pool;
        }
        if (v.isSet(NodeSettings.POOL_LINK_CERTIFICATE)) {
            if (!v.isSet(NodeSettings.POOL_LINK_PRIVATE_KEY) || !v.isSet(NodeSettings.POOL_LINK_TRUSTED_CERTIFICATES)) {
                throw new InvalidConfigurationException(!v.isSet(NodeSettings.POOL_LINK_PRIVATE_KEY) ? NodeSettings.POOL_LINK_PRIVATE_KEY.key()
                        : NodeSettings.POOL_LINK_TRUSTED_CERTIFICATES.key(), "is required with "
                        + NodeSettings.POOL_LINK_CERTIFICATE.key());
            }
            return pool.withLinkTls(new TlsSettings(Path.of(v.string(NodeSettings.POOL_LINK_CERTIFICATE)),
                    Path.of(v.string(NodeSettings.POOL_LINK_PRIVATE_KEY)), Optional.of(Path.of(v.string(NodeSettings.POOL_LINK_TRUSTED_CERTIFICATES))),
                    TlsSettings.clientAuth("require")));
        }
        if (tls.isPresent() && tls.get().trustedCertificates().isPresent()) {
            return pool.withLinkTls(tls.get());
        }
        throw new InvalidConfigurationException(NodeSettings.POOL_LINK_CERTIFICATE.key(), "the node link is authenticated by mutual TLS"
                + " unless pool.link.tls is false: make the pool's certificates with"
                + " 'pchat cert pool --nodes <every id of pool.nodes> --out DIR' and set pool.link.certificate (DIR/<this"
                + " node>.crt), pool.link.privateKey (DIR/<this node>.key) and pool.link.trustedCertificates (DIR/ca.crt);"
                + " on loopback addresses only, pool.link.tls: false turns it off");
    }

    @SuppressWarnings("unchecked")
    private static PoolSettings pool(SettingValues v, String nodeName) {
        List<PoolMember> members = new ArrayList<>();
        for (String spec : v.list(NodeSettings.POOL_NODES)) {
            try {
                members.add(PoolMember.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(NodeSettings.POOL_NODES.key(), e.getMessage());
            }
        }
        checkAddress(v, NodeSettings.POOL_LINK_HOST);
        PoolSettings pool;
        try {
            pool = new PoolSettings(members, v.duration(NodeSettings.POOL_HEARTBEAT), v.duration(NodeSettings.POOL_LEASE_EXPIRY),
                    v.duration(NodeSettings.POOL_TAKEOVER_AFTER), v.duration(NodeSettings.POOL_TAKEOVER_AFTER_REFUSED),
                    v.duration(NodeSettings.POOL_DRAIN_PERIOD), v.string(NodeSettings.POOL_LINK_HOST),
                    v.integer(NodeSettings.POOL_LINK_PORT), v.bool(NodeSettings.POOL_LINK_TLS), Optional.empty());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new InvalidConfigurationException(message.startsWith("leaseExpiry") ? NodeSettings.POOL_LEASE_EXPIRY.key()
                    : NodeSettings.POOL_NODES.key(), message);
        }
        if (pool.isPool() && pool.member(nodeName).isEmpty()) {
            throw new InvalidConfigurationException(NodeSettings.POOL_NODES.key(), "does not list this node (node.name: " + nodeName + ")");
        }
        return pool;
    }

    private static XccosLimits withInputBytes(int bytes) {
        XccosLimits d = XccosLimits.DEFAULTS;
        return new XccosLimits(bytes, d.maxDepth(), d.maxElements(), Math.min(d.maxAttributeChars(), bytes),
                Math.min(d.maxTextChars(), bytes));
    }

    /** The file key of a SessionSettings field named at the start of its validation message. */
    private static String sipKey(String message) {
        String field = message == null ? "" : message.split("[ :]", 2)[0];
        if (field.startsWith("sip.")) {
            return field; // the message names its key already
        }
        switch (field) {
            case "bindHost": return NodeSettings.SIP_HOST.key();
            case "nodeName": return NodeSettings.NODE_NAME.key();
            case "sessionExpiresSeconds": return NodeSettings.SIP_SESSION_EXPIRES.key();
            case "nodeTransactionTimeout": return NodeSettings.SIP_NODE_REQUEST_TIMEOUT.key();
            case "authMode": return NodeSettings.SIP_AUTH.key();
            case "maxCommandsPerSecond": return NodeSettings.SIP_MAX_COMMANDS_PER_SECOND.key();
            case "port": case "domain": case "poolUri": case "trustedPeers": case "digestRealm": case "maxConnections":
            case "maxDialogsPerUser": case "outboundHighWaterMark": case "outboundStallLimit":
                return "sip." + field;
            default: return "sip";
        }
    }

    private static EndpointConfig endpoint(SettingValues v, String name, String defaultUrl) {
        String url = v.optional(StorageSettings.url(name)).orElse(defaultUrl);
        return new EndpointConfig(url, v.string(StorageSettings.user(name)), v.string(StorageSettings.password(name)),
                v.integer(StorageSettings.maxPoolSize(name)));
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static void checkAddress(SettingValues v, Setting setting) {
        String host = v.string(setting);
        try {
            InetAddress.getByName(host);
        } catch (IOException e) {
            throw new InvalidConfigurationException(setting.key(), "is not a known address: " + host);
        }
    }

    /** " (did you mean x?)" for a near miss, else "". */
    private static String suggestion(String key) {
        return ConfigSchema.all().stream().map(Setting::key)
                .min(Comparator.comparingInt(k -> distance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT))))
                .filter(k -> distance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= 3)
                .map(k -> " (did you mean " + k + "?)").orElse("");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
