package io.pchat.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.server.admin.AdminTestNode;
import picocli.CommandLine;

/** {@code pchat admin shutdown} stops the node it talks to, in order. */
class AdminShutdownCommandTest {

    @Test
    void shutdownStopsTheNode(@TempDir Path dir) throws Exception {
        try (AdminTestNode node = AdminTestNode.start(dir)) {
            StringWriter out = new StringWriter();
            CommandLine cli = PchatCommand.commandLine();
            cli.setOut(new PrintWriter(out, true));
            int status = cli.execute("admin", "--url", node.url(), "--token", node.token(), "shutdown");
            assertThat(status).isZero();
            assertThat(out.toString()).contains("node stopping");
            node.node.stopped().get(10, TimeUnit.SECONDS);
            assertThat(node.node.isRunning()).isFalse();
        }
    }
}
