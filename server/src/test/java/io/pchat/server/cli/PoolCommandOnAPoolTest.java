package io.pchat.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.server.drill.DrillPool;
import io.pchat.server.node.ChatNode;
import io.pchat.storage.pool.PoolState;
import picocli.CommandLine;

/**
 * {@code pchat admin pool} against a running stretched pool (two nodes per data center): show,
 * swap, then a failover to dc2 and a failback, as an operator types them.
 */
class PoolCommandOnAPoolTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    DrillPool pool;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void start() throws Exception {
        pool = new DrillPool(dir, DrillPool.Shape.small()).start();
        await().atMost(WAIT).until(() -> pool.node("dc1-n1").pool().view().liveActive().size() == 2);
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    private int admin(String node, String... args) {
        ChatNode n = pool.node(node);
        List<String> all = new ArrayList<>(List.of("admin", "--url", "http://127.0.0.1:" + n.adminAddress().getPort(),
                "--token-file", dir.resolve("node-" + node).resolve("admin.token").toString(), "pool"));
        all.addAll(List.of(args));
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = PchatCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all.toArray(String[]::new));
    }

    @Test
    void anOperatorSeesThePoolSwapsItFailsItOverAndBack() throws Exception {
        assertThat(admin("dc1-n1", "show")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("state NORMAL").contains("this node dc1-n1 is active")
                .contains("dc2-n2").contains("LINKED").contains("BACKUP");

        assertThat(admin("dc1-n1", "active", "swap")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("dc2-n1,dc2-n2");
        await().atMost(WAIT).until(() -> pool.node("dc2-n1").pool().view().selfActive());
        assertThat(admin("dc2-n1", "active", "set", "dc1-n1", "dc1-n2")).as(err.toString()).isZero();
        await().atMost(WAIT).until(() -> pool.node("dc1-n1").pool().view().selfActive());

        pool.killNode("dc1-n1");
        pool.killNode("dc1-n2");
        pool.killDatabase("primary");
        pool.killDatabase("mirror");
        assertThat(admin("dc2-n1", "failover", "--to", "dc2", "--wait", "0")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("failed over to dc2").contains("old primary:").contains("unknown")
                .contains("active nodes:  dc2-n1,dc2-n2");
        assertThat(pool.node("dc2-n1").store().pool().read().state()).isEqualTo(PoolState.FAILED_OVER);

        assertThat(admin("dc2-n1", "failback")).as("primary still down: " + err).isNotZero();
        assertThat(err.toString()).contains("bring it back first");

        pool.startDatabase("primary");
        pool.startDatabase("mirror");
        await().atMost(WAIT).until(() -> admin("dc2-n1", "failback", "--active", "dc1-n1,dc1-n2") == 0);
        assertThat(out.toString()).contains("failed back").contains("both sides hold the same msgids")
                .contains("active nodes: dc1-n1,dc1-n2");
        assertThat(pool.node("dc2-n1").store().pool().read().state()).isEqualTo(PoolState.NORMAL);
    }
}
