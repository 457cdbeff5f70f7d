package io.pchat.server.node.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.pchat.client.ClientOptions;

/**
 * A single node as a process of its own ({@link io.pchat.server.drill.NodeProcess}) on a data
 * directory, with free ports; its log is {@code node-N.log} beside the data directory.
 */
final class NodeProcess implements AutoCloseable {
    private static int starts;

    private final io.pchat.server.drill.NodeProcess process;

    private NodeProcess(io.pchat.server.drill.NodeProcess process) {
        this.process = process;
    }

    /** Starts a node on {@code dataDirectory} (and {@code config}, if not null) and waits until SIP answers. */
    static NodeProcess start(Path dataDirectory, Path config) throws IOException, InterruptedException {
        int sipPort = freePort();
        List<String> args = new ArrayList<>(List.of("--data-dir", dataDirectory.toString(), "--sip-port",
                Integer.toString(sipPort), "--file-port", "0", "--admin-port", "0"));
        if (config != null) {
            args.add("--config");
            args.add(config.toString());
        }
        Path log = dataDirectory.resolveSibling("node-" + (++starts) + ".log");
        return new NodeProcess(io.pchat.server.drill.NodeProcess.start(args, sipPort, log));
    }

    ClientOptions options(String user) {
        return ClientOptions.forUser(user).withServer("127.0.0.1", process.sipPort())
                .withCommandTimeout(Duration.ofSeconds(20)).withConnectTimeout(Duration.ofSeconds(20));
    }

    /** SIGKILL: no shutdown hook, no flush, no close runs in the node. */
    void kill() throws InterruptedException {
        process.kill();
    }

    /** SIGTERM: the node's orderly shutdown. */
    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    /** The node's log so far. */
    boolean isAlive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return process.output();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
