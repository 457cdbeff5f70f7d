package io.pchat.server.node.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.pchat.client.ClientOptions;
import io.pchat.server.cli.PchatCommand;

/**
 * {@code pchat node} in a JVM of its own, as an operator runs it, so that a test can kill it with
 * SIGKILL ({@link #kill()}) and nothing of the node survives in the test's process. Its output
 * goes to {@code node-N.log} beside the data directory; a start that fails shows its tail.
 */
final class NodeProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static int starts;

    private final Process process;
    private final int sipPort;
    private final Path log;

    private NodeProcess(Process process, int sipPort, Path log) {
        this.process = process;
        this.sipPort = sipPort;
        this.log = log;
    }

    /** Starts a node on {@code dataDirectory} (and {@code config}, if not null) and waits until SIP answers. */
    static NodeProcess start(Path dataDirectory, Path config) throws IOException, InterruptedException {
        int sipPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), PchatCommand.class.getName(), "node",
                "--data-dir", dataDirectory.toString(), "--sip-port", Integer.toString(sipPort),
                "--file-port", "0", "--admin-port", "0"));
        if (config != null) {
            command.add("--config");
            command.add(config.toString());
        }
        Path log = dataDirectory.resolveSibling("node-" + (++starts) + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        NodeProcess node = new NodeProcess(process, sipPort, log);
        node.awaitSip();
        return node;
    }

    private void awaitSip() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the node exited with " + process.exitValue() + ":\n" + tail());
            }
            if (answersOptions()) {
                return;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the node did not listen on SIP within " + START_TIMEOUT + ":\n" + tail());
    }

    /**
     * Whether the node answers a SIP OPTIONS: a listening port alone is not enough, the listener
     * refuses connections in the instant between binding and being ready.
     */
    private boolean answersOptions() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", sipPort), 200);
            probe.setSoTimeout(1_000);
            probe.getOutputStream().write(("OPTIONS sip:pchat@example.com SIP/2.0\r\n"
                    + "Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-ready\r\nMax-Forwards: 70\r\n"
                    + "From: <sip:probe@example.com>;tag=p\r\nTo: <sip:pchat@example.com>\r\n"
                    + "Call-ID: ready@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] status = probe.getInputStream().readNBytes(11);
            return new String(status, java.nio.charset.StandardCharsets.US_ASCII).equals("SIP/2.0 200");
        } catch (IOException notYet) {
            return false;
        }
    }

    ClientOptions options(String user) {
        return ClientOptions.forUser(user).withServer("127.0.0.1", sipPort)
                .withCommandTimeout(Duration.ofSeconds(20)).withConnectTimeout(Duration.ofSeconds(20));
    }

    /** SIGKILL: no shutdown hook, no flush, no close runs in the node. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the node did not die within 30 s of SIGKILL");
        }
    }

    /** SIGTERM: the node's orderly shutdown. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** The node's log so far. */
    String output() throws IOException {
        return Files.readString(log);
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
