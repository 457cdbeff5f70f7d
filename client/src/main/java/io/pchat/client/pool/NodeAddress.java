package io.pchat.client.pool;

import java.net.InetSocketAddress;

/**
 * Where one node of a pool listens for SIP: a host (name or address) and a port.
 *
 * <p>Invariants: {@code host} is not blank and holds no whitespace; {@code port} is 1..65535.
 * {@link #toString()} gives {@code host:port} ({@code [v6]:port} for an IPv6 address), which
 * {@link #parse} reads back.
 */
public record NodeAddress(String host, int port) {

    public NodeAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is missing");
        }
        for (int i = 0; i < host.length(); i++) {
            if (Character.isWhitespace(host.charAt(i))) {
                throw new IllegalArgumentException("host must not contain whitespace: " + host);
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
    }

    /** Reads {@code host:port} or {@code [v6 address]:port}. */
    public static NodeAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("address is missing (host:port)");
        }
        String t = text.strip();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("not [address]:port: " + text);
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || t.indexOf(':') != colon) {
                throw new IllegalArgumentException("not host:port: " + text);
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        try {
            return new NodeAddress(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in " + text, e);
        }
    }

    /** The address of a connected socket (the node end of a session). */
    static NodeAddress of(InetSocketAddress socket) {
        return new NodeAddress(socket.getHostString(), socket.getPort());
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
