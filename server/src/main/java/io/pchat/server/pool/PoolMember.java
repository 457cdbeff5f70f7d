package io.pchat.server.pool;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One node of the pool as the topology names it: its id (its {@code node.name}), its data center,
 * the SIP address clients are sent to (302 Contact, {@code cmd:requri}) and its node-link address.
 */
public record PoolMember(String id, String dataCenter, InetSocketAddress sip, InetSocketAddress link) {

    public PoolMember {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataCenter, "dataCenter");
        Objects.requireNonNull(sip, "sip");
        Objects.requireNonNull(link, "link");
        if (id.isBlank() || dataCenter.isBlank()) {
            throw new IllegalArgumentException("a pool member needs an id and a data center");
        }
    }

    /**
     * Parses {@code "<id> <dataCenter> <sipHost:port> <linkHost:port>"}, e.g.
     * {@code "n1 dc1 10.0.0.1:5041 10.0.0.1:8011"}.
     */
    public static PoolMember parse(String spec) {
        String[] parts = spec == null ? new String[0] : spec.strip().split("\\s+");
        if (parts.length != 4) {
            throw new IllegalArgumentException("a pool node is \"<id> <dataCenter> <sipHost:port> <linkHost:port>\", not \""
                    + spec + "\"");
        }
        return new PoolMember(parts[0], parts[1], address(parts[2], "SIP"), address(parts[3], "node-link"));
    }

    /** The {@code sip:} URI clients are redirected to: {@code sip:<id>@<host>:<port>;transport=tcp}. */
    public String sipUri() {
        return "sip:" + id + "@" + sip.getHostString() + ":" + sip.getPort() + ";transport=tcp";
    }

    private static InetSocketAddress address(String hostPort, String what) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException(what + " address must be host:port, not \"" + hostPort + "\"");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " port is not a number in \"" + hostPort + "\"");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " port must be 1..65535 in \"" + hostPort + "\"");
        }
        return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), port);
    }

    @Override
    public String toString() {
        return id + " " + dataCenter + " " + sip.getHostString() + ":" + sip.getPort() + " " + link.getHostString() + ":"
                + link.getPort();
    }
}
