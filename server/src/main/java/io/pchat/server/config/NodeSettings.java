package io.pchat.server.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.pchat.storage.config.Setting;

/**
 * The node's own settings (everything but storage, which {@link
 * io.pchat.storage.config.StorageSettings} writes), each written once: key, kind, default, bounds
 * and meaning. The loader reads values by these constants, and the example file and the README's
 * tables are generated from them ({@link ExampleConfig}, {@link SettingsReference}).
 *
 * <p>Invariant: {@link #all} lists every constant exactly once, in declaration order (the order
 * of the example file).
 */
public final class NodeSettings {
    // declared first: the constants below add themselves to it as the class initialises, in order
    private static final List<Setting> ALL = new ArrayList<>();

    // node
    public static final Setting NODE_NAME = add(Setting.string("node.name", "node1",
            "this node's name: the user part of its SIP URI"));
    public static final Setting NODE_DATA_DIRECTORY = add(Setting.string("node.dataDirectory", "./data",
            "embedded database, posted files, the admin token"));
    public static final Setting NODE_STORAGE_THREADS = add(Setting.integer("node.storageThreads", 8, 1, 256,
            "threads that run blocking store calls for commands"));

    // sip
    public static final Setting SIP_HOST = add(Setting.string("sip.host", "127.0.0.1",
            "address the SIP listener binds"));
    public static final Setting SIP_PORT = add(Setting.integer("sip.port", 5041, 0, 65535,
            "SIP/TCP port (0: any free port)"));
    public static final Setting SIP_DOMAIN = add(Setting.string("sip.domain", "example.com",
            "the chat domain: pool URI sip:pchat@<domain>, rooms ma-chan://<domain>/..."));
    public static final Setting SIP_POOL_URI = add(Setting.string("sip.poolUri", null,
            "the pool's service URI (default sip:pchat@<domain>)"));
    public static final Setting SIP_AUTH = add(Setting.choice("sip.auth",
            "none", List.of("none", "digest", "trusted"),
            "client authentication; none is allowed only on a loopback sip.host"));
    public static final Setting SIP_FRONT_END = add(Setting.choice("sip.frontEnd",
            "builtin", List.of("builtin", "external"),
            "builtin: the node answers REGISTER/SUBSCRIBE itself (standalone, SIPE); external: a real "
            + "front end does"));
    public static final Setting SIP_TRACE_USERS = add(Setting.list("sip.traceUsers",
            "users (sip:user@host) whose SIP messages are logged in full on io.pchat.sip.trace"));
    public static final Setting SIP_TRUSTED_PEERS = add(Setting.list("sip.trustedPeers",
            "IP addresses of trusted front ends (sip.auth: trusted)"));
    public static final Setting SIP_DIGEST_REALM = add(Setting.string("sip.digestRealm", null,
            "Digest realm (default: the domain)"));
    public static final Setting SIP_SESSION_EXPIRES = add(Setting.duration("sip.sessionExpires",
            Duration.ofMinutes(30), Duration.ofSeconds(90), Duration.ofDays(1),
            "session interval granted to clients (RFC 4028)"));
    public static final Setting SIP_NODE_REQUEST_TIMEOUT = add(Setting.duration("sip.nodeRequestTimeout",
            Duration.ofSeconds(32), Duration.ofSeconds(1), Duration.ofMinutes(5),
            "a node INFO unanswered this long ends the dialog"));
    public static final Setting SIP_MAX_CONNECTIONS = add(Setting.integer("sip.maxConnections", 10_000, 1, 1_000_000,
            "TCP connections accepted at once"));
    public static final Setting SIP_MAX_DIALOGS_PER_USER = add(Setting.integer("sip.maxDialogsPerUser", 8, 1, 1000,
            "dialogs (devices) one user may have at once"));
    public static final Setting SIP_MAX_COMMANDS_PER_SECOND = add(Setting.integer("sip.maxCommandsPerSecond",
            20, 1, 100_000,
            "envelopes one dialog may send per second (twice that in a burst); the excess gets 503"));
    public static final Setting SIP_MAX_BODY_BYTES = add(Setting.integer("sip.maxBodyBytes",
            64 * 1024, 1024, 16 * 1024 * 1024,
            "largest SIP body (XCCOS envelope) accepted; larger ones get 413"));
    public static final Setting SIP_OUTBOUND_HIGH_WATER_MARK = add(Setting.integer("sip.outboundHighWaterMark",
            4 * 1024 * 1024, 64 * 1024, 1 << 30,
            "bytes queued to one connection before it counts as slow"));
    public static final Setting SIP_OUTBOUND_STALL_LIMIT = add(Setting.duration("sip.outboundStallLimit",
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1),
            "how long a connection may stay slow before its dialogs are ended"));
    public static final Setting SIP_MAX_OUTBOUND_BYTES = add(Setting.integer("sip.maxOutboundBytes",
            16 * 1024 * 1024, 64 * 1024, Integer.MAX_VALUE,
            "bytes queued to one connection past which it is closed at once (at least "
            + "sip.outboundHighWaterMark)"));
    public static final Setting SIP_OUTBOUND_BUDGET = add(Setting.integer("sip.outboundBudget",
            1 << 30, 1 << 20, Integer.MAX_VALUE,
            "bytes queued to all connections together past which new dialogs get 503 and slow "
            + "connections are cut"));
    public static final Setting SIP_MAX_CONNECTIONS_PER_ADDRESS = add(Setting.integer("sip.maxConnectionsPerAddress",
            100, 1, 1_000_000,
            "connections one source address may hold at once (sip.trustedPeers exempt)"));
    public static final Setting SIP_HANDSHAKE_TIMEOUT = add(Setting.duration("sip.handshakeTimeout",
            Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1),
            "a connection with no complete SIP message this long after it opened is closed"));
    public static final Setting SIP_MESSAGE_TIMEOUT = add(Setting.duration("sip.messageTimeout",
            Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1),
            "a message whose first bytes arrived must be complete within this"));
    public static final Setting SIP_IDLE_TIMEOUT = add(Setting.duration("sip.idleTimeout",
            Duration.ofSeconds(120), Duration.ofSeconds(1), Duration.ofDays(1),
            "a connection with no dialog and no registration is closed this long after its last "
            + "message"));
    public static final Setting SIP_TLS_PORT = add(Setting.integer("sip.tlsPort", 5061, 0, 65535,
            "SIP-over-TLS port, listening when tls.certificate is set (0: any free port)"));

    // tls
    public static final Setting TLS_CERTIFICATE = add(Setting.string("tls.certificate", null,
            "PEM certificate chain: turns on SIP over TLS and HTTPS for files and admin"));
    public static final Setting TLS_PRIVATE_KEY = add(Setting.string("tls.privateKey", null,
            "PEM (PKCS#8) private key of tls.certificate"));
    public static final Setting TLS_TRUSTED_CERTIFICATES = add(Setting.string("tls.trustedCertificates", null,
            "PEM certificates whose holders may present client certificates"));
    public static final Setting TLS_CLIENT_AUTH = add(Setting.choice("tls.clientAuth",
            "none", List.of("none", "optional", "require"),
            "client certificates: require makes mutual TLS (trusted front ends)"));

    // files
    public static final Setting FILES_HOST = add(Setting.string("files.host", "127.0.0.1",
            "address of the file endpoint (HTTP)"));
    public static final Setting FILES_PORT = add(Setting.integer("files.port", 8081, 0, 65535,
            "port of the file endpoint (0: any free port)"));
    public static final Setting FILES_MAX_CONNECTIONS = add(Setting.integer("files.maxConnections", 256, 1, 100_000,
            "connections the file endpoint takes at once; more are closed"));

    // admin
    public static final Setting ADMIN_HOST = add(Setting.string("admin.host", "127.0.0.1",
            "address the admin HTTP API binds (a token is always required)"));
    public static final Setting ADMIN_PORT = add(Setting.integer("admin.port", 8080, 0, 65535,
            "port of the admin HTTP API (0: any free port)"));
    public static final Setting ADMIN_TOKEN = add(Setting.secret("admin.token",
            "bearer token of the admin API (default: read or generated in "
            + "<dataDirectory>/admin.token)"));
    public static final Setting ADMIN_MAX_CONNECTIONS = add(Setting.integer("admin.maxConnections", 64, 1, 10_000,
            "connections the admin API takes at once; more are closed"));
    public static final Setting ADMIN_ALLOW_PLAIN_HTTP = add(Setting.bool("admin.allowPlainHttp", false,
            "allow the admin API on a non-loopback admin.host without TLS (its token then crosses the "
            + "network in clear); without it such a configuration refuses to start"));

    // console (the web console, on the admin endpoint)
    public static final Setting CONSOLE_ENABLED = add(Setting.bool("console.enabled", true,
            "serve the web console under /console/ on the admin endpoint"));
    public static final Setting CONSOLE_PUBLIC_URL = add(Setting.string("console.publicUrl", null,
            "the console's address as browsers reach it (e.g. behind a proxy), ending in '/'; clients get it plus"
            + " #/rooms as the room management URL (default: the admin endpoint's own address)"));
    public static final Setting CONSOLE_SESSION_IDLE_TIMEOUT = add(Setting.duration("console.sessionIdleTimeout",
            Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofDays(1),
            "a console session unused this long is signed out"));
    public static final Setting CONSOLE_SESSION_LIFETIME = add(Setting.duration("console.sessionLifetime",
            Duration.ofHours(12), Duration.ofMinutes(1), Duration.ofDays(7),
            "a console session ends this long after sign-in, however used"));
    public static final Setting CONSOLE_MAX_SESSIONS = add(Setting.integer("console.maxSessions", 1_000, 1, 100_000,
            "console sessions held at once; signing in when full signs out the least recently used"));
    public static final Setting CONSOLE_SIGN_IN_FAILURES = add(Setting.integer("console.signInFailuresPerMinute", 10, 1,
            1_000, "failed console sign-ins from one address within a minute before it is refused (429) for the"
            + " rest of that minute"));

    // http (the file endpoint and the admin API)
    public static final Setting HTTP_HEAD_TIMEOUT = add(Setting.duration("http.headTimeout",
            Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(10),
            "a request head must be complete within this of the connection being ready for it (files "
            + "and admin)"));
    public static final Setting HTTP_MIN_BODY_RATE = add(Setting.integer("http.minBodyRate",
            8192, 1, Integer.MAX_VALUE,
            "bytes per second a request body must average after the head timeout's grace, or it is "
            + "cut"));

    // chat
    public static final Setting CHAT_DEFAULT_CHAT_HISTORY = add(Setting.integer("chat.defaultChatHistory", 30, 1, 500,
            "messages of history a join gets"));
    public static final Setting CHAT_MESSAGE_SIZE_LIMIT = add(Setting.integer("chat.messageSizeLimit", 512, 1, 65536,
            "longest chat message, UTF-8 bytes"));
    public static final Setting CHAT_STORY_SIZE_LIMIT = add(Setting.integer("chat.storySizeLimit", 4096, 1, 65536,
            "longest story, UTF-8 bytes"));
    public static final Setting CHAT_SEARCH_LIMIT = add(Setting.integer("chat.searchLimit", 999, 1, 10_000,
            "most rooms one search returns"));
    public static final Setting CHAT_PARTICIPANT_UPDATE_LIMIT = add(Setting.integer("chat.participantUpdateLimit",
            75, 0, 1_000_000,
            "no join/part notices in rooms with more participants"));
    public static final Setting CHAT_FILE_SIZE_LIMIT_KB = add(Setting.integer("chat.fileSizeLimitKb",
            20_000, 1, 10_000_000,
            "largest posted file, KB"));
    public static final Setting CHAT_FILE_TOKEN_LIFETIME = add(Setting.duration("chat.fileTokenLifetime",
            Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofHours(24),
            "how long a file token is valid"));

    // pool
    public static final Setting POOL_NODES = add(Setting.list("pool.nodes",
            "every node of the pool, both data centers: \"<id> <dataCenter> <sipHost:port> "
            + "<linkHost:port>\"; the entry whose id is node.name is this node; empty: a single node"));
    public static final Setting POOL_HEARTBEAT = add(Setting.duration("pool.heartbeat",
            Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMinutes(1),
            "how often an active node renews its lease and every node re-reads the pool record"));
    public static final Setting POOL_LEASE_EXPIRY = add(Setting.duration("pool.leaseExpiry",
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(10),
            "a lease not renewed this long has expired: the node owns no room and takes no session "
            + "(at least twice the heartbeat)"));
    public static final Setting POOL_TAKEOVER_AFTER = add(Setting.duration("pool.takeoverAfter",
            Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofHours(1),
            "how long the primary may be unreachable before a node promotes the mirror (builtin "
            + "replication)"));
    public static final Setting POOL_TAKEOVER_AFTER_REFUSED = add(Setting.duration("pool.takeoverAfterRefused",
            Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofHours(1),
            "as pool.takeoverAfter, when the primary refuses connections (nothing listens on its port: its server"
            + " process is gone, not merely slow or cut off); the smaller of the two applies"));
    public static final Setting POOL_DRAIN_PERIOD = add(Setting.duration("pool.drainPeriod",
            Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(1),
            "how long a node left out by a failover or failback keeps its dialogs before ending them "
            + "(clients move)"));
    public static final Setting POOL_LINK_HOST = add(Setting.string("pool.link.host", "127.0.0.1",
            "address the node link listens on (its address in pool.nodes is what the others dial)"));
    public static final Setting POOL_LINK_PORT = add(Setting.integer("pool.link.port", 8011, 0, 65535,
            "port of the node link (0: any free port)"));
    public static final Setting POOL_LINK_TLS = add(Setting.bool("pool.link.tls", true,
            "mutual TLS on the node link, each peer's certificate pinned to its member id; false is "
            + "allowed only on loopback addresses"));
    public static final Setting POOL_LINK_CERTIFICATE = add(Setting.string("pool.link.certificate", null,
            "PEM certificate of this node for the link (pchat cert pool: DIR/<id>.crt; default "
            + "tls.certificate)"));
    public static final Setting POOL_LINK_PRIVATE_KEY = add(Setting.string("pool.link.privateKey", null,
            "PEM (PKCS#8) key of pool.link.certificate (DIR/<id>.key)"));
    public static final Setting POOL_LINK_TRUSTED_CERTIFICATES = add(Setting.string("pool.link.trustedCertificates",
            null,
            "the pool CA whose certificates peers must present (DIR/ca.crt; default "
            + "tls.trustedCertificates)"));

    private NodeSettings() {
    }

    /** Every node setting, in file order. */
    public static List<Setting> all() {
        return Collections.unmodifiableList(ALL);
    }

    private static Setting add(Setting setting) {
        ALL.add(setting);
        return setting;
    }
}
