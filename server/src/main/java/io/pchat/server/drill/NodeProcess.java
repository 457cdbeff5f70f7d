package io.pchat.server.drill;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.pchat.server.cli.PchatCommand;

/**
 * {@code pchat node} in a JVM of its own, as an operator runs it, so that a drill or a test can
 * kill it with SIGKILL ({@link #kill()}) and nothing of the node survives in the caller's
 * process. Its output goes to a log file; a start that fails shows the log's tail. The child
 * runs on the caller's class path.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int sipPort;
    private final Path log;

    private NodeProcess(Process process, int sipPort, Path log) {
        this.process = process;
        this.sipPort = sipPort;
        this.log = log;
    }

    /**
     * Starts {@code pchat node} with {@code nodeArguments} (its options, the SIP port among them:
     * {@code sipPort}), its output appended to {@code log}, and waits until it answers a SIP
     * OPTIONS.
     */
    public static NodeProcess start(List<String> nodeArguments, int sipPort, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), PchatCommand.class.getName(), "node"));
        command.addAll(nodeArguments);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        NodeProcess node = new NodeProcess(process, sipPort, log);
        node.awaitSip();
        return node;
    }

    public int sipPort() {
        return sipPort;
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
        throw new IllegalStateException("the node did not answer SIP within " + START_TIMEOUT + ":\n" + tail());
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
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] status = probe.getInputStream().readNBytes(11);
            return new String(status, StandardCharsets.US_ASCII).equals("SIP/2.0 200");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no close runs in the node. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the node did not die within 30 s of SIGKILL");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM: the node's orderly shutdown (SIGKILL if it takes over a minute). */
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
    public String output() throws IOException {
        return Files.readString(log);
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
