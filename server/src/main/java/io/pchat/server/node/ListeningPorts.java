package io.pchat.server.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Before a node creates or opens anything, each fixed port it will listen on is tried: one
 * already taken fails the start at once, naming the setting and the address, rather than after
 * the store was opened (or, on a first start, created) and with a bare {@code bind(..) failed}.
 * The listeners bind for real afterwards; a port taken in between still fails their start.
 */
final class ListeningPorts {

    private record Port(String setting, String host, int port) {
    }

    private ListeningPorts() {
    }

    /** Fails with {@link CannotStartException} when one of {@code config}'s fixed ports cannot be bound. */
    static void check(NodeConfig config) {
        List<Port> ports = new ArrayList<>();
        ports.add(new Port("sip.port", config.sessions().bindHost(), config.sessions().port()));
        if (config.tls().isPresent()) {
            ports.add(new Port("sip.tlsPort", config.sessions().bindHost(), config.sipTlsPort()));
        }
        ports.add(new Port("files.port", config.fileHost(), config.filePort()));
        ports.add(new Port("admin.port", config.admin().host(), config.admin().port()));
        if (config.pool().isPool()) {
            ports.add(new Port("pool.link.port", config.pool().linkHost(), config.pool().linkPort()));
        }
        for (Port p : ports) {
            if (p.port() == 0) {
                continue; // any free port
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true); // as the listeners bind: a port in TIME_WAIT is free for them
                probe.bind(new InetSocketAddress(p.host(), p.port()));
            } catch (IOException e) {
                throw new CannotStartException(p.setting() + ": cannot listen on " + p.host() + ":" + p.port() + " ("
                        + e.getMessage() + "): another process, perhaps another pchat node, holds it; stop it or set "
                        + p.setting() + " to a free port", e);
            }
        }
    }
}
