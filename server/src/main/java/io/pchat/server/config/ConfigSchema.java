package io.pchat.server.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pchat.storage.config.Setting;
import io.pchat.storage.config.StorageSettings;

/**
 * Every key of the configuration file, in the order the example file lists them. A key not in
 * this table is an error; so is a value of the wrong kind or outside its bounds.
 */
public final class ConfigSchema {
    private static final Map<String, Setting> SETTINGS = new LinkedHashMap<>();

    static {
        // node
        string("node.name", "node1", "this node's name: the user part of its SIP URI");
        string("node.dataDirectory", "./data", "embedded database, posted files, the admin token");
        integer("node.storageThreads", 8, 1, 256, "threads that run blocking store calls for commands");
        // sip
        string("sip.host", "127.0.0.1", "address the SIP listener binds");
        integer("sip.port", 5041, 0, 65535, "SIP/TCP port (0: any free port)");
        string("sip.domain", "example.com", "the chat domain: pool URI sip:pchat@<domain>, rooms ma-chan://<domain>/...");
        string("sip.poolUri", null, "the pool's service URI (default sip:pchat@<domain>)");
        choice("sip.auth", "none", List.of("none", "digest", "trusted"),
                "client authentication; none is allowed only on a loopback sip.host");
        choice("sip.frontEnd", "builtin", List.of("builtin", "external"),
                "builtin: the node answers REGISTER/SUBSCRIBE itself (standalone, SIPE); external: a real front end does");
        list("sip.traceUsers", "users (sip:user@host) whose SIP messages are logged in full on io.pchat.sip.trace");
        list("sip.trustedPeers", "IP addresses of trusted front ends (sip.auth: trusted)");
        string("sip.digestRealm", null, "Digest realm (default: the domain)");
        duration("sip.sessionExpires", Duration.ofMinutes(30), Duration.ofSeconds(90), Duration.ofDays(1),
                "session interval granted to clients (RFC 4028)");
        duration("sip.nodeRequestTimeout", Duration.ofSeconds(32), Duration.ofSeconds(1), Duration.ofMinutes(5),
                "a node INFO unanswered this long ends the dialog");
        integer("sip.maxConnections", 10_000, 1, 1_000_000, "TCP connections accepted at once");
        integer("sip.maxDialogsPerUser", 8, 1, 1000, "dialogs (devices) one user may have at once");
        integer("sip.maxCommandsPerSecond", 20, 1, 100_000,
                "envelopes one dialog may send per second (twice that in a burst); the excess gets 503");
        integer("sip.maxBodyBytes", 64 * 1024, 1024, 16 * 1024 * 1024,
                "largest SIP body (XCCOS envelope) accepted; larger ones get 413");
        integer("sip.outboundHighWaterMark", 4 * 1024 * 1024, 64 * 1024, 1 << 30,
                "bytes queued to one connection before it counts as slow");
        duration("sip.outboundStallLimit", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1),
                "how long a connection may stay slow before its dialogs are ended");
        integer("sip.maxOutboundBytes", 16 * 1024 * 1024, 64 * 1024, Integer.MAX_VALUE,
                "bytes queued to one connection past which it is closed at once (at least sip.outboundHighWaterMark)");
        integer("sip.outboundBudget", 1 << 30, 1 << 20, Integer.MAX_VALUE,
                "bytes queued to all connections together past which new dialogs get 503 and slow connections are cut");
        integer("sip.maxConnectionsPerAddress", 100, 1, 1_000_000,
                "connections one source address may hold at once (sip.trustedPeers exempt)");
        duration("sip.handshakeTimeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1),
                "a connection with no complete SIP message this long after it opened is closed");
        duration("sip.messageTimeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1),
                "a message whose first bytes arrived must be complete within this");
        duration("sip.idleTimeout", Duration.ofSeconds(120), Duration.ofSeconds(1), Duration.ofDays(1),
                "a connection with no dialog and no registration is closed this long after its last message");
        integer("sip.tlsPort", 5061, 0, 65535, "SIP-over-TLS port, listening when tls.certificate is set (0: any free port)");
        // tls
        string("tls.certificate", null, "PEM certificate chain: turns on SIP over TLS and HTTPS for files and admin");
        string("tls.privateKey", null, "PEM (PKCS#8) private key of tls.certificate");
        string("tls.trustedCertificates", null, "PEM certificates whose holders may present client certificates");
        choice("tls.clientAuth", "none", List.of("none", "optional", "require"),
                "client certificates: require makes mutual TLS (trusted front ends)");
        // files
        string("files.host", "127.0.0.1", "address of the file endpoint (HTTP)");
        integer("files.port", 8081, 0, 65535, "port of the file endpoint (0: any free port)");
        integer("files.maxConnections", 256, 1, 100_000, "connections the file endpoint takes at once; more are closed");
        // admin
        string("admin.host", "127.0.0.1", "address the admin HTTP API binds (a token is always required)");
        integer("admin.port", 8080, 0, 65535, "port of the admin HTTP API (0: any free port)");
        secret("admin.token", "bearer token of the admin API (default: read or generated in <dataDirectory>/admin.token)");
        integer("admin.maxConnections", 64, 1, 10_000, "connections the admin API takes at once; more are closed");
        bool("admin.allowPlainHttp", false,
                "allow the admin API on a non-loopback admin.host without TLS (its token then crosses the network in clear)");
        // http (the file endpoint and the admin API)
        duration("http.headTimeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(10),
                "a request head must be complete within this of the connection being ready for it");
        integer("http.minBodyRate", 8192, 1, Integer.MAX_VALUE,
                "bytes per second a request body must average after the head timeout's grace, or it is cut");
        // chat
        integer("chat.defaultChatHistory", 30, 1, 500, "messages of history a join gets");
        integer("chat.messageSizeLimit", 512, 1, 65536, "longest chat message, UTF-8 bytes");
        integer("chat.storySizeLimit", 4096, 1, 65536, "longest story, UTF-8 bytes");
        integer("chat.searchLimit", 999, 1, 10_000, "most rooms one search returns");
        integer("chat.participantUpdateLimit", 75, 0, 1_000_000, "no join/part notices in rooms with more participants");
        integer("chat.fileSizeLimitKb", 20_000, 1, 10_000_000, "largest posted file, KB");
        duration("chat.fileTokenLifetime", Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofHours(24),
                "how long a file token is valid");
        // pool
        list("pool.nodes", "every node of a stretched pool, both data centers: \"<id> <dc> <sipHost:port> <linkHost:port>\";"
                + " empty: a single node");
        duration("pool.heartbeat", Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMinutes(1),
                "how often an active node renews its lease and every node re-reads the pool record");
        duration("pool.leaseExpiry", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(10),
                "a lease not renewed this long has expired: the node owns no room, takes no session");
        duration("pool.takeoverAfter", Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofHours(1),
                "how long the primary database may be unreachable before the mirror is promoted (builtin replication)");
        duration("pool.drainPeriod", Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(1),
                "how long a node left out by a failover or failback keeps its dialogs before ending them (clients move)");
        string("pool.link.host", "127.0.0.1", "address the node link binds");
        integer("pool.link.port", 8011, 0, 65535, "port of the node link (0: any free port)");
        bool("pool.link.tls", true, "mutual TLS on the node link, each peer's certificate pinned to its member id;"
                + " false is allowed only on loopback addresses");
        string("pool.link.certificate", null, "PEM certificate of this node for the link (pchat cert pool: DIR/<id>.crt;"
                + " default tls.certificate)");
        string("pool.link.privateKey", null, "PEM (PKCS#8) key of pool.link.certificate (DIR/<id>.key)");
        string("pool.link.trustedCertificates", null, "the pool CA whose certificates peers must present (DIR/ca.crt)");
        // storage: written once, in the storage module, which checks the same bounds
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
        SETTINGS.put(s.key(), s);
    }

    private static void string(String key, String def, String help) {
        add(Setting.string(key, def, help));
    }

    private static void bool(String key, boolean def, String help) {
        add(Setting.bool(key, def, help));
    }

    private static void secret(String key, String help) {
        add(Setting.secret(key, help));
    }

    private static void integer(String key, int def, long min, long max, String help) {
        add(Setting.integer(key, def, min, max, help));
    }

    private static void duration(String key, Duration def, Duration min, Duration max, String help) {
        add(Setting.duration(key, def, min, max, help));
    }

    private static void choice(String key, String def, List<String> choices, String help) {
        add(Setting.choice(key, def, choices, help));
    }

    private static void list(String key, String help) {
        add(Setting.list(key, help));
    }
}
