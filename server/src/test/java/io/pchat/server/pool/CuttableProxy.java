package io.pchat.server.pool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of one node's database that a test cuts (listener and live
 * connections closed) as a network partition would: one node losing its path to a database.
 */
final class CuttableProxy implements AutoCloseable {
    final int port;
    private final int target;
    private final ServerSocket listener;
    private final List<Socket> live = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    CuttableProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = listener.getLocalPort();
        Thread t = new Thread(this::accept, "pchat-test-proxy-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void accept() {
        while (!cut) {
            try {
                Socket in = listener.accept();
                if (cut) {
                    in.close();
                    continue;
                }
                Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                live.add(in);
                live.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                // cut
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                for (int n; (n = i.read(buf)) >= 0;) {
                    o.write(buf, 0, n);
                    o.flush();
                }
            } catch (IOException e) {
                // closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException e) {
                    // ignore
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** Partition: connections drop, new ones are refused. */
    void cut() throws IOException {
        cut = true;
        listener.close();
        for (Socket s : live) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
