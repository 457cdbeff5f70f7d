package io.pchat.server.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** A raw loopback peer for tests that attack a port: connect, and see whether the node closed it. */
public final class PeerSockets {
    private PeerSockets() {
    }

    public static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    /** Whether the peer closed {@code socket} within {@code wait} (what it sent before is skipped; a reset counts). */
    public static boolean closedWithin(Socket socket, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            InputStream in = socket.getInputStream();
            byte[] skip = new byte[8192];
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                try {
                    if (in.read(skip) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    return false;
                }
            }
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
