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
        return build(values);
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

    @SuppressWarnings("unchecked")
    static NodeConfig build(Map<String, Object> v) {
        Path dataDirectory = Path.of(str(v, "node.dataDirectory"));
        StorageConfig.Builder storage = StorageConfig.builder()
                .primary(endpoint(v, "primary", StorageConfig.embeddedUrl(dataDirectory.resolve("db"))))
                .replication(ReplicationMode.valueOf(str(v, "storage.replication").toUpperCase(Locale.ROOT)))
                .shipInterval((Duration) v.get("storage.shipInterval"))
                .groupCommitMaxBatch((int) v.get("storage.groupCommit.maxBatch"))
                .groupCommitMaxWait((Duration) v.get("storage.groupCommit.maxWait"))
                .groupCommitMinInterval((Duration) v.get("storage.groupCommit.minInterval"))
                .appendQueueCapacity((int) v.get("storage.appendQueueCapacity"))
                .connectionTimeout((Duration) v.get("storage.connectionTimeout"))
                .probeTimeout((Duration) v.get("storage.probeTimeout"))
                .roomCacheSize((int) v.get("storage.cache.rooms"))
                .accessCacheSize((int) v.get("storage.cache.access"))
                .historyCacheRooms((int) v.get("storage.cache.historyRooms"))
                .historyCacheMessages((int) v.get("storage.cache.historyMessages"));
        if (v.get("storage.mirror.url") != null) {
            storage.mirror(endpoint(v, "mirror", null));
        }
        if (v.get("storage.backup.url") != null) {
            storage.backup(endpoint(v, "backup", null));
        }

        String domain = str(v, "sip.domain");
        if (str(v, "sip.auth").equals("trusted") && ((List<?>) v.get("sip.trustedPeers")).isEmpty()) {
            throw new InvalidConfigurationException("sip.trustedPeers", "must name at least one peer when sip.auth is trusted");
        }
        SessionSettings sessions;
        try {
            SessionSettings.Builder sip = SessionSettings.builder()
                    .bindHost(str(v, "sip.host"))
                    .port((int) v.get("sip.port"))
                    .domain(domain)
                    .nodeName(str(v, "node.name"))
                    .poolUri(v.get("sip.poolUri") == null ? "sip:pchat@" + domain : str(v, "sip.poolUri"))
                    .legacyUri("sip:ocschat@" + domain)
                    .authMode(AuthMode.valueOf(str(v, "sip.auth").toUpperCase(Locale.ROOT)))
                    .digestRealm(v.get("sip.digestRealm") == null ? domain : str(v, "sip.digestRealm"))
                    .sessionExpiresSeconds((int) ((Duration) v.get("sip.sessionExpires")).toSeconds())
                    .nodeTransactionTimeout((Duration) v.get("sip.nodeRequestTimeout"))
                    .maxConnections((int) v.get("sip.maxConnections"))
                    .maxDialogsPerUser((int) v.get("sip.maxDialogsPerUser"))
                    .maxCommandsPerSecond((int) v.get("sip.maxCommandsPerSecond"))
                    .frontEnd(FrontEndMode.parse(str(v, "sip.frontEnd")))
                    .traceUsers((List<String>) v.get("sip.traceUsers"))
                    .frameLimits(new SipFrameLimits(SipFrameLimits.DEFAULT.maxHeaderBlockBytes(), (int) v.get("sip.maxBodyBytes")))
                    .xccosLimits(withInputBytes((int) v.get("sip.maxBodyBytes")))
                    .outboundHighWaterMark((int) v.get("sip.outboundHighWaterMark"))
                    .outboundStallLimit((Duration) v.get("sip.outboundStallLimit"))
                    .connectionLimits(new ConnectionLimits((Duration) v.get("sip.handshakeTimeout"),
                            (Duration) v.get("sip.messageTimeout"), (Duration) v.get("sip.idleTimeout"),
                            (int) v.get("sip.maxConnectionsPerAddress"), (int) v.get("sip.maxOutboundBytes"),
                            (int) v.get("sip.outboundBudget")));
            for (String peer : (List<String>) v.get("sip.trustedPeers")) {
                try {
                    sip.trustedPeers(peer);
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigurationException("sip.trustedPeers", e.getMessage());
                }
            }
            sessions = sip.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(sipKey(e.getMessage()), e.getMessage());
        }
        checkAddress("files.host", str(v, "files.host"));
        NodeConfig.ChatLimits chat = new NodeConfig.ChatLimits((int) v.get("chat.defaultChatHistory"),
                (int) v.get("chat.messageSizeLimit"), (int) v.get("chat.storySizeLimit"), (int) v.get("chat.searchLimit"),
                (int) v.get("chat.participantUpdateLimit"), (int) v.get("chat.fileSizeLimitKb"),
                (Duration) v.get("chat.fileTokenLifetime"));
        checkAddress("admin.host", str(v, "admin.host"));
        String token = str(v, "admin.token");
        AdminSettings admin = new AdminSettings(str(v, "admin.host"), (int) v.get("admin.port"),
                token.isEmpty() ? Optional.empty() : Optional.of(token));
        Optional<TlsSettings> tls = Optional.empty();
        if (v.get("tls.certificate") != null) {
            if (v.get("tls.privateKey") == null) {
                throw new InvalidConfigurationException("tls.privateKey", "is required with tls.certificate");
            }
            tls = Optional.of(new TlsSettings(Path.of(str(v, "tls.certificate")), Path.of(str(v, "tls.privateKey")),
                    Optional.ofNullable(v.get("tls.trustedCertificates")).map(o -> Path.of(o.toString())),
                    TlsSettings.clientAuth(str(v, "tls.clientAuth"))));
        }
        if (tls.isEmpty() && !isLoopback(str(v, "admin.host")) && !Boolean.TRUE.equals(v.get("admin.allowPlainHttp"))) {
            throw new InvalidConfigurationException("admin.allowPlainHttp", "the admin API on " + str(v, "admin.host")
                    + " (not a loopback address) would be plain HTTP, its bearer token readable on the network: set"
                    + " tls.certificate and tls.privateKey, or admin.allowPlainHttp: true to accept that");
        }
        PoolSettings pool = linkSecurity(v, pool(v, str(v, "node.name")), tls);
        Duration headTimeout = (Duration) v.get("http.headTimeout");
        int minBodyRate = (int) v.get("http.minBodyRate");
        NodeConfig.HttpEndpointLimits http = new NodeConfig.HttpEndpointLimits(
                new HttpLimits((int) v.get("files.maxConnections"), headTimeout, minBodyRate),
                new HttpLimits((int) v.get("admin.maxConnections"), headTimeout, minBodyRate));
        return new NodeConfig(dataDirectory, storage.build(), sessions, str(v, "files.host"), (int) v.get("files.port"),
                chat, (int) v.get("node.storageThreads"), admin, tls, (int) v.get("sip.tlsPort"), pool, http);
    }

    /**
     * The node link is authenticated by default: mutual TLS with the pool CA's certificates
     * ({@code pool.link.certificate} etc., else the node's {@code tls.*}), each peer pinned to its
     * member id. Without TLS only when said ({@code pool.link.tls: false}) and only on loopback.
     */
    private static PoolSettings linkSecurity(Map<String, Object> v, PoolSettings pool, Optional<TlsSettings> tls) {
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
                throw new InvalidConfigurationException("pool.link.tls", "false leaves the node link unauthenticated,"
                        + " which is allowed only on loopback addresses, not " + String.join(", ", exposed)
                        + ": make the pool's certificates with pchat cert pool and set pool.link.certificate,"
                        + " pool.link.privateKey and pool.link.trustedCertificates");
            }
            return pool;
        }
        if (v.get("pool.link.certificate") != null) {
            if (v.get("pool.link.privateKey") == null || v.get("pool.link.trustedCertificates") == null) {
                throw new InvalidConfigurationException(v.get("pool.link.privateKey") == null ? "pool.link.privateKey"
                        : "pool.link.trustedCertificates", "is required with pool.link.certificate");
            }
            return pool.withLinkTls(new TlsSettings(Path.of(str(v, "pool.link.certificate")),
                    Path.of(str(v, "pool.link.privateKey")), Optional.of(Path.of(str(v, "pool.link.trustedCertificates"))),
                    TlsSettings.clientAuth("require")));
        }
        if (tls.isPresent() && tls.get().trustedCertificates().isPresent()) {
            return pool.withLinkTls(tls.get());
        }
        throw new InvalidConfigurationException("pool.link.certificate", "the node link is authenticated by mutual TLS"
                + " unless pool.link.tls is false: make the pool's certificates with"
                + " 'pchat cert pool --nodes <every id of pool.nodes> --out DIR' and set pool.link.certificate (DIR/<this"
                + " node>.crt), pool.link.privateKey (DIR/<this node>.key) and pool.link.trustedCertificates (DIR/ca.crt);"
                + " on loopback addresses only, pool.link.tls: false turns it off");
    }

    @SuppressWarnings("unchecked")
    private static PoolSettings pool(Map<String, Object> v, String nodeName) {
        List<PoolMember> members = new ArrayList<>();
        for (String spec : (List<String>) v.get("pool.nodes")) {
            try {
                members.add(PoolMember.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("pool.nodes", e.getMessage());
            }
        }
        checkAddress("pool.link.host", str(v, "pool.link.host"));
        PoolSettings pool;
        try {
            pool = new PoolSettings(members, (Duration) v.get("pool.heartbeat"), (Duration) v.get("pool.leaseExpiry"),
                    (Duration) v.get("pool.takeoverAfter"), (Duration) v.get("pool.drainPeriod"), str(v, "pool.link.host"),
                    (int) v.get("pool.link.port"), (Boolean) v.get("pool.link.tls"), Optional.empty());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new InvalidConfigurationException(message.startsWith("leaseExpiry") ? "pool.leaseExpiry" : "pool.nodes", message);
        }
        if (pool.isPool() && pool.member(nodeName).isEmpty()) {
            throw new InvalidConfigurationException("pool.nodes", "does not list this node (node.name: " + nodeName + ")");
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
            case "bindHost": return "sip.host";
            case "nodeName": return "node.name";
            case "sessionExpiresSeconds": return "sip.sessionExpires";
            case "nodeTransactionTimeout": return "sip.nodeRequestTimeout";
            case "authMode": return "sip.auth";
            case "maxCommandsPerSecond": return "sip.maxCommandsPerSecond";
            case "port": case "domain": case "poolUri": case "trustedPeers": case "digestRealm": case "maxConnections":
            case "maxDialogsPerUser": case "outboundHighWaterMark": case "outboundStallLimit":
                return "sip." + field;
            default: return "sip";
        }
    }

    private static EndpointConfig endpoint(Map<String, Object> v, String name, String defaultUrl) {
        String prefix = "storage." + name + ".";
        String url = v.get(prefix + "url") == null ? defaultUrl : str(v, prefix + "url");
        return new EndpointConfig(url, str(v, prefix + "user"), str(v, prefix + "password"),
                (int) v.get(prefix + "maxPoolSize"));
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static void checkAddress(String key, String host) {
        try {
            InetAddress.getByName(host);
        } catch (IOException e) {
            throw new InvalidConfigurationException(key, "is not a known address: " + host);
        }
    }

    private static String str(Map<String, Object> v, String key) {
        Object value = v.get(key);
        return value == null ? "" : value.toString();
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
