package io.pchat.client;

import io.netty.channel.EventLoopGroup;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link ChatClient} reaches a node and who it is there.
 *
 * <p>Invariants: {@code host} is not blank; {@code port} is 1..65535; {@code user} is a
 * {@code sip:} URI with a user and a domain part; {@code domain} and {@code serviceUri} are
 * derived from {@code user} when not given; durations are positive; {@code maxRedirects} is not
 * negative. {@code password}, {@code localAddress} and {@code eventLoopGroup} may be null.
 *
 * @param host            the node's host or address (loopback by default)
 * @param port            the node's SIP port (5041 by default)
 * @param localAddress    address to bind the local end of the TCP connection to (a load generator
 *                        spreads over 127.0.0.x), or null for any
 * @param user            who we are: the From URI, e.g. {@code sip:alice@example.com}
 * @param password        the Digest password, or null to fail a 401
 * @param domain          the chat domain (commands that name one use it), by default the user's
 * @param serviceUri      the INVITE's request URI and To, by default {@code sip:pchat@<domain>}
 * @param commandTimeout  how long a command waits for its reply, and any request for its response
 * @param connectTimeout  how long the TCP connect and the whole INVITE exchange may take
 * @param sessionExpires  the Session-Expires the INVITE asks for
 * @param maxRedirects    how many 302 hops are followed before giving up
 * @param eventLoopGroup  a group shared by many clients (the caller shuts it down), or null for a
 *                        one-thread group owned and shut down by the client
 * @param tls             TLS to the node, or null for plain TCP
 */
public record ClientOptions(String host, int port, String localAddress, String user, String password,
        String domain, String serviceUri, Duration commandTimeout, Duration connectTimeout,
        Duration sessionExpires, int maxRedirects, EventLoopGroup eventLoopGroup, ClientTls tls) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5041;

    public ClientOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
        user = requireSipUser(user);
        if (domain == null || domain.isBlank()) {
            domain = user.substring(user.indexOf('@') + 1);
        }
        if (serviceUri == null || serviceUri.isBlank()) {
            serviceUri = "sip:pchat@" + domain;
        }
        requireToken("serviceUri", serviceUri);
        requireToken("domain", domain);
        requirePositive("commandTimeout", commandTimeout);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("sessionExpires", sessionExpires);
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative");
        }
    }

    /** Options for {@code user} on 127.0.0.1:5041: 10 s command timeout, 30 min sessions, 3 redirects. */
    public static ClientOptions forUser(String user) {
        return new ClientOptions(DEFAULT_HOST, DEFAULT_PORT, null, user, null, null, null,
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(30), 3, null, null);
    }

    public ClientOptions withServer(String newHost, int newPort) {
        return new ClientOptions(newHost, newPort, localAddress, user, password, domain, serviceUri,
                commandTimeout, connectTimeout, sessionExpires, maxRedirects, eventLoopGroup, tls);
    }

    public ClientOptions withLocalAddress(String address) {
        return new ClientOptions(host, port, address, user, password, domain, serviceUri,
                commandTimeout, connectTimeout, sessionExpires, maxRedirects, eventLoopGroup, tls);
    }

    public ClientOptions withPassword(String newPassword) {
        return new ClientOptions(host, port, localAddress, user, newPassword, domain, serviceUri,
                commandTimeout, connectTimeout, sessionExpires, maxRedirects, eventLoopGroup, tls);
    }

    /** Another chat domain; the service URI follows it unless set afterwards. */
    public ClientOptions withDomain(String newDomain) {
        return new ClientOptions(host, port, localAddress, user, password, newDomain, null,
                commandTimeout, connectTimeout, sessionExpires, maxRedirects, eventLoopGroup, tls);
    }

    public ClientOptions withServiceUri(String uri) {
        return new ClientOptions(host, port, localAddress, user, password, domain, uri,
                commandTimeout, connectTimeout, sessionExpires, maxRedirects, eventLoopGroup, tls);
    }

    public ClientOptions withCommandTimeout(Duration timeout) {
        return new ClientOptions(host, port, localAddress, user, password, domain, serviceUri,
                timeout, connectTimeout, sessionExpires, maxRedirects, eventLoopGroup, tls);
    }

    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(host, port, localAddress, user, password, domain, serviceUri,
                commandTimeout, timeout, sessionExpires, maxRedirects, eventLoopGroup, tls);
    }

    public ClientOptions withSessionExpires(Duration expires) {
        return new ClientOptions(host, port, localAddress, user, password, domain, serviceUri,
                commandTimeout, connectTimeout, expires, maxRedirects, eventLoopGroup, tls);
    }

    public ClientOptions withMaxRedirects(int hops) {
        return new ClientOptions(host, port, localAddress, user, password, domain, serviceUri,
                commandTimeout, connectTimeout, sessionExpires, hops, eventLoopGroup, tls);
    }

    /** Speak TLS to the node. */
    public ClientOptions withTls(ClientTls value) {
        return new ClientOptions(host, port, localAddress, user, password, domain, serviceUri,
                commandTimeout, connectTimeout, sessionExpires, maxRedirects, eventLoopGroup, value);
    }

    public ClientOptions withEventLoopGroup(EventLoopGroup group) {
        return new ClientOptions(host, port, localAddress, user, password, domain, serviceUri,
                commandTimeout, connectTimeout, sessionExpires, maxRedirects, group, tls);
    }

    /**
     * The Digest username: the user URI without its scheme, lower case ({@code alice@example.com}),
     * as the node's user directory keys its HA1s.
     */
    public String digestUsername() {
        return user.substring("sip:".length()).toLowerCase(Locale.ROOT);
    }

    /** The password is never printed. */
    @Override
    public String toString() {
        return "ClientOptions[" + user + " -> " + host + ":" + port + " " + serviceUri
                + (localAddress == null ? "" : " from " + localAddress) + "]";
    }

    private static String requireSipUser(String user) {
        Objects.requireNonNull(user, "user");
        requireToken("user", user);
        int at = user.indexOf('@');
        if (!user.regionMatches(true, 0, "sip:", 0, 4) || at <= 4 || at == user.length() - 1
                || user.indexOf(';') >= 0 || user.indexOf('>') >= 0 || user.indexOf('<') >= 0) {
            throw new IllegalArgumentException("user must be a plain sip:user@domain URI: " + user);
        }
        return "sip:" + user.substring(4);
    }

    private static void requireToken(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '"') {
                throw new IllegalArgumentException(name + " must be one token without spaces or quotes: " + value);
            }
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
