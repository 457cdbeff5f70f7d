package io.pchat.server.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import io.pchat.protocol.sip.SipFrameLimits;
import io.pchat.protocol.xccos.XccosLimits;

/**
 * Everything the SIP session layer of one node is configured with.
 *
 * <p>Invariant: every value is validated in the constructor (ports in range, durations positive,
 * {@code sessionExpiresSeconds >= 90} per RFC 4028's Min-SE, URIs are {@code sip:} URIs); the
 * optional ones are filled with their defaults, so no field is null except {@code nodeUri},
 * which is then derived from the bound address ({@link #nodeUriFor}).
 *
 * @param bindHost               address to listen on (default 127.0.0.1)
 * @param port                   SIP/TCP port (default 5041; 0 = ephemeral, see {@link SipListener#port()})
 * @param domain                 the SIP domain served (default example.com)
 * @param nodeName               user part of the derived node URI (default node1)
 * @param nodeUri                this node's own URI, or null for {@code sip:<nodeName>@<host>:<port>;transport=tcp}
 * @param poolUri                the pool's chat service URI (default {@code sip:pchat@<domain>})
 * @param legacyUri              the legacy lookup URI (default {@code sip:ocschat@<domain>})
 * @param sessionExpiresSeconds  Session-Expires the node grants (default 1800, at least 90)
 * @param nodeTransactionTimeout how long a node INFO may stay unanswered before the dialog is dead (default 32 s)
 * @param authMode               how INVITEs are authenticated (default NONE)
 * @param trustedPeers           IP literals of trusted front ends, for {@link AuthMode#TRUSTED}
 * @param digestRealm            Digest realm (default: the domain)
 * @param nonceLifetime          how long a Digest nonce is accepted before it is stale (default 5 min)
 * @param frameLimits            SIP framing limits per connection
 * @param xccosLimits            envelope limits; an INFO body over them is answered 413
 * @param maxConnections         open TCP connections accepted at once (default 10,000)
 * @param maxDialogsPerUser      dialogs one user may hold at once (default 8)
 * @param outboundHighWaterMark  bytes queued on a connection before it counts as stalled (default 4 MiB)
 * @param outboundStallLimit     how long a connection may stay stalled before its dialogs end (default 30 s)
 * @param timerTick              resolution of the per-connection sweep for timeouts (default 500 ms)
 * @param ioThreads              event loop threads (0 = Netty's default)
 * @param shutdownTimeout        bound on the graceful stop (default 5 s)
 * @param traceUsers             users whose connections' SIP messages are logged ({@code io.pchat.sip.trace})
 * @param maxCommandsPerSecond   envelopes one dialog may send per second, twice that in a burst;
 *                               the excess is answered 503 (default 20)
 * @param frontEnd               whether the node answers REGISTER/SUBSCRIBE itself (default BUILTIN)
 * @param registrationExpiresSeconds the longest registration or subscription the built-in front end
 *                               grants (default 3600, at least 60)
 * @param connectionLimits       what one connection, and all of them, may cost before they are cut
 */
public record SessionSettings(String bindHost, int port, String domain, String nodeName, String nodeUri,
                              String poolUri, String legacyUri, int sessionExpiresSeconds,
                              Duration nodeTransactionTimeout, AuthMode authMode, Set<InetAddress> trustedPeers,
                              String digestRealm, Duration nonceLifetime, SipFrameLimits frameLimits,
                              XccosLimits xccosLimits, int maxConnections, int maxDialogsPerUser,
                              int outboundHighWaterMark, Duration outboundStallLimit, Duration timerTick,
                              int ioThreads, Duration shutdownTimeout, int maxCommandsPerSecond, FrontEndMode frontEnd,
                              int registrationExpiresSeconds, Set<String> traceUsers,
                              ConnectionLimits connectionLimits) {

    /** RFC 4028's default Min-SE: no session interval below it is granted. */
    public static final int MIN_SESSION_EXPIRES_SECONDS = 90;

    public SessionSettings {
        bindHost = requireText("bindHost", bindHost);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        domain = requireText("domain", domain).toLowerCase(Locale.ROOT);
        nodeName = requireText("nodeName", nodeName);
        if (nodeUri != null) {
            requireSipUri("nodeUri", nodeUri);
        }
        poolUri = requireSipUri("poolUri", poolUri == null ? "sip:pchat@" + domain : poolUri);
        legacyUri = requireSipUri("legacyUri", legacyUri == null ? "sip:ocschat@" + domain : legacyUri);
        if (sessionExpiresSeconds < MIN_SESSION_EXPIRES_SECONDS) {
            throw new IllegalArgumentException("sessionExpiresSeconds must be at least "
                    + MIN_SESSION_EXPIRES_SECONDS + ": " + sessionExpiresSeconds);
        }
        requirePositive("nodeTransactionTimeout", nodeTransactionTimeout);
        Objects.requireNonNull(authMode, "authMode");
        trustedPeers = Set.copyOf(Objects.requireNonNull(trustedPeers, "trustedPeers"));
        traceUsers = Set.copyOf(Objects.requireNonNull(traceUsers, "traceUsers"));
        if (authMode == AuthMode.TRUSTED && trustedPeers.isEmpty()) {
            throw new IllegalArgumentException("auth mode TRUSTED needs at least one trusted peer");
        }
        digestRealm = requireText("digestRealm", digestRealm == null ? domain : digestRealm);
        if (digestRealm.indexOf('"') >= 0 || digestRealm.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("digestRealm must not contain quotes or backslashes: " + digestRealm);
        }
        requirePositive("nonceLifetime", nonceLifetime);
        Objects.requireNonNull(frameLimits, "frameLimits");
        Objects.requireNonNull(xccosLimits, "xccosLimits");
        requirePositive("maxConnections", maxConnections);
        requirePositive("maxDialogsPerUser", maxDialogsPerUser);
        requirePositive("maxCommandsPerSecond", maxCommandsPerSecond);
        requirePositive("outboundHighWaterMark", outboundHighWaterMark);
        requirePositive("outboundStallLimit", outboundStallLimit);
        requirePositive("timerTick", timerTick);
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative: " + ioThreads);
        }
        requirePositive("shutdownTimeout", shutdownTimeout);
        Objects.requireNonNull(frontEnd, "frontEnd");
        if (registrationExpiresSeconds < 60) {
            throw new IllegalArgumentException("registrationExpiresSeconds must be at least 60: " + registrationExpiresSeconds);
        }
        Objects.requireNonNull(connectionLimits, "connectionLimits");
        if (connectionLimits.maxOutboundBytes() < outboundHighWaterMark) {
            throw new IllegalArgumentException("sip.maxOutboundBytes (" + connectionLimits.maxOutboundBytes()
                    + ") must be at least sip.outboundHighWaterMark (" + outboundHighWaterMark + ")");
        }
    }

    /** The defaults listed on the record. */
    public static SessionSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The node URI: the configured one, else derived from the address the listener is bound to. */
    public String nodeUriFor(String host, int boundPort) {
        if (nodeUri != null) {
            return nodeUri;
        }
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "sip:" + nodeName + "@" + h + ":" + boundPort + ";transport=tcp";
    }

    /** A builder starting from the defaults; {@link Builder#build()} validates. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bindHost = bindHost;
        b.port = port;
        b.domain = domain;
        b.nodeName = nodeName;
        b.nodeUri = nodeUri;
        b.poolUri = poolUri;
        b.legacyUri = legacyUri;
        b.sessionExpiresSeconds = sessionExpiresSeconds;
        b.nodeTransactionTimeout = nodeTransactionTimeout;
        b.authMode = authMode;
        b.trustedPeers = new LinkedHashSet<>(trustedPeers);
        b.digestRealm = digestRealm;
        b.nonceLifetime = nonceLifetime;
        b.frameLimits = frameLimits;
        b.xccosLimits = xccosLimits;
        b.maxConnections = maxConnections;
        b.maxDialogsPerUser = maxDialogsPerUser;
        b.outboundHighWaterMark = outboundHighWaterMark;
        b.outboundStallLimit = outboundStallLimit;
        b.timerTick = timerTick;
        b.ioThreads = ioThreads;
        b.shutdownTimeout = shutdownTimeout;
        b.maxCommandsPerSecond = maxCommandsPerSecond;
        b.traceUsers = new LinkedHashSet<>(traceUsers);
        b.frontEnd = frontEnd;
        b.registrationExpiresSeconds = registrationExpiresSeconds;
        b.connectionLimits = connectionLimits;
        return b;
    }

    /** Mutable collector of settings; every setter returns the builder. */
    public static final class Builder {
        private String bindHost = "127.0.0.1";
        private int port = 5041;
        private String domain = "example.com";
        private String nodeName = "node1";
        private String nodeUri;
        private String poolUri;
        private String legacyUri;
        private int sessionExpiresSeconds = 1800;
        private Duration nodeTransactionTimeout = Duration.ofSeconds(32);
        private AuthMode authMode = AuthMode.NONE;
        private Set<InetAddress> trustedPeers = new LinkedHashSet<>();
        private String digestRealm;
        private Duration nonceLifetime = Duration.ofMinutes(5);
        private SipFrameLimits frameLimits = SipFrameLimits.DEFAULT;
        private XccosLimits xccosLimits = XccosLimits.DEFAULTS;
        private int maxConnections = 10_000;
        private int maxDialogsPerUser = 8;
        private int outboundHighWaterMark = 4 * 1024 * 1024;
        private Duration outboundStallLimit = Duration.ofSeconds(30);
        private Duration timerTick = Duration.ofMillis(500);
        private int ioThreads;
        private Duration shutdownTimeout = Duration.ofSeconds(5);
        private int maxCommandsPerSecond = 20;
        private Set<String> traceUsers = new LinkedHashSet<>();
        private FrontEndMode frontEnd = FrontEndMode.BUILTIN;
        private int registrationExpiresSeconds = 3600;
        private ConnectionLimits connectionLimits = ConnectionLimits.DEFAULTS;

        private Builder() {
        }

        public Builder bindHost(String v) { bindHost = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder domain(String v) { domain = v; return this; }
        public Builder nodeName(String v) { nodeName = v; return this; }
        public Builder nodeUri(String v) { nodeUri = v; return this; }
        public Builder poolUri(String v) { poolUri = v; return this; }
        public Builder legacyUri(String v) { legacyUri = v; return this; }
        public Builder sessionExpiresSeconds(int v) { sessionExpiresSeconds = v; return this; }
        public Builder nodeTransactionTimeout(Duration v) { nodeTransactionTimeout = v; return this; }
        public Builder authMode(AuthMode v) { authMode = v; return this; }
        public Builder digestRealm(String v) { digestRealm = v; return this; }
        public Builder nonceLifetime(Duration v) { nonceLifetime = v; return this; }
        public Builder frameLimits(SipFrameLimits v) { frameLimits = v; return this; }
        public Builder xccosLimits(XccosLimits v) { xccosLimits = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder maxDialogsPerUser(int v) { maxDialogsPerUser = v; return this; }
        public Builder outboundHighWaterMark(int v) { outboundHighWaterMark = v; return this; }
        public Builder outboundStallLimit(Duration v) { outboundStallLimit = v; return this; }
        public Builder timerTick(Duration v) { timerTick = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        public Builder shutdownTimeout(Duration v) { shutdownTimeout = v; return this; }
        public Builder maxCommandsPerSecond(int v) { maxCommandsPerSecond = v; return this; }

        /** Logs the SIP messages of connections that name these users (sip:user@host, any case). */
        public Builder traceUsers(Collection<String> users) {
            traceUsers = new LinkedHashSet<>();
            for (String u : users) {
                traceUsers.add(u.strip().toLowerCase(Locale.ROOT));
            }
            return this;
        }
        public Builder frontEnd(FrontEndMode v) { frontEnd = v; return this; }
        public Builder registrationExpiresSeconds(int v) { registrationExpiresSeconds = v; return this; }
        public Builder connectionLimits(ConnectionLimits v) { connectionLimits = v; return this; }

        /** Adds trusted front-end peers, given as IP literals (no name is resolved). */
        public Builder trustedPeers(String... ipLiterals) {
            for (String ip : ipLiterals) {
                trustedPeers.add(ipLiteral(ip));
            }
            return this;
        }

        public SessionSettings build() {
            return new SessionSettings(bindHost, port, domain, nodeName, nodeUri, poolUri, legacyUri,
                    sessionExpiresSeconds, nodeTransactionTimeout, authMode, trustedPeers, digestRealm,
                    nonceLifetime, frameLimits, xccosLimits, maxConnections, maxDialogsPerUser,
                    outboundHighWaterMark, outboundStallLimit, timerTick, ioThreads, shutdownTimeout,
                    maxCommandsPerSecond, frontEnd, registrationExpiresSeconds, traceUsers, connectionLimits);
        }
    }

    private static InetAddress ipLiteral(String ip) {
        // Only literals: getByName would otherwise resolve a name, and a trust list must not depend on DNS.
        if (ip == null || ip.isBlank() || !ip.matches("[0-9A-Fa-f.:]+")) {
            throw new IllegalArgumentException("trusted peer must be an IP literal: " + ip);
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("trusted peer must be an IP literal: " + ip, e);
        }
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value.strip();
    }

    private static String requireSipUri(String name, String value) {
        String v = requireText(name, value);
        if (!v.regionMatches(true, 0, "sip:", 0, 4) || v.indexOf('@') < 0 || v.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(name + " must be a sip:user@host URI: " + value);
        }
        return v;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
