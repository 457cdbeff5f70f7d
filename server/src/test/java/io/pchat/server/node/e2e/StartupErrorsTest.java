package io.pchat.server.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.server.cli.PchatCommand;

/**
 * A node that cannot start says why in the operator's terms, as a process run from the shell:
 * a data directory another node holds is named as in use, not reported as an unreachable database;
 * a port another process holds is named with its setting, before anything is created.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StartupErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aSecondNodeOnTheSameDataDirectorySaysTheDatabaseIsInUseByAnotherProcess() throws Exception {
        Path data = dir.resolve("data");
        try (NodeProcess first = NodeProcess.start(data, null)) {
            assertThatThrownBy(() -> NodeProcess.start(data, null))
                    .hasMessageContaining("cannot open the store")
                    .hasMessageContaining("is in use by another process")
                    .hasMessageContaining("node.dataDirectory")
                    .hasMessageNotContaining("cannot be reached");
            assertThat(first.isAlive()).as("the first node runs on").isTrue();
        }
    }

    @Test
    void aNodeWhosePortIsTakenNamesTheSettingAndTheAddressAndCreatesNothing() throws Exception {
        Path data = dir.resolve("second");
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(true);
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            PrintStream original = System.err;
            int exit;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                exit = PchatCommand.commandLine().execute("node", "--data-dir", data.toString(), "--sip-port",
                        Integer.toString(taken.getLocalPort()), "--file-port", "0", "--admin-port", "0");
            } finally {
                System.setErr(original);
            }
            String err = captured.toString(StandardCharsets.UTF_8);

            assertThat(exit).isEqualTo(3);
            assertThat(err).contains("cannot start: sip.port: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("set sip.port to a free port").doesNotContain("NativeIoException");
            assertThat(data.resolve("db")).as("no database was created").doesNotExist();
        }
    }
}
