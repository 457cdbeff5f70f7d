package io.pchat.server.drill;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Random;

/**
 * Loopback ports for a pool whose members' addresses must be known before any node starts (the
 * drill, the pool tests).
 */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /**
     * A loopback port that is free now, taken below the kernel's ephemeral range: the members'
     * ports must be known before any node starts, and a port the kernel hands out for port 0 may
     * be given again to an outgoing connection (a database or node-link client) before the node
     * binds it. Ports below the ephemeral range are never handed out that way.
     */
    public static synchronized int free() throws IOException {
        for (int tries = 0; tries < 2_000; tries++) {
            int port = nextPort;
            nextPort = nextPort >= LAST_PORT ? FIRST_PORT : nextPort + 1;
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException inUse) {
                // taken: try the next one
            }
        }
        throw new IOException("no free loopback port in " + FIRST_PORT + ".." + LAST_PORT);
    }

    private static final int FIRST_PORT = 20_000;
    private static final int LAST_PORT = 32_000; // below Linux's default ephemeral range (32768-60999)
    private static int nextPort = FIRST_PORT + new Random().nextInt(LAST_PORT - FIRST_PORT);
}
