package io.pchat.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pchat.server.admin.AdminTestNode;
import picocli.CommandLine;

/**
 * {@code pchat admin pool} against a real single node: what {@code show} prints, that every
 * change is refused there (409, exit 3, the server's message), and picocli's usage errors (exit
 * 2). The pool's behaviour itself is tested with the pool.
 */
class PoolCommandTest {

    @TempDir
    static Path dir;
    static AdminTestNode node;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        node = AdminTestNode.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    /** {@code pchat admin --url <node> --token-file <node's> pool args...} */
    private int pool(String... args) {
        List<String> all = new ArrayList<>(List.of("admin", "--url", node.url(), "--token-file", node.tokenFile().toString(),
                "pool"));
        all.addAll(List.of(args));
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = PchatCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all.toArray(String[]::new));
    }

    @Test
    void showOnASingleNodeSaysSoAndListsTheEndpoints() throws Exception {
        assertThat(pool("show")).as(err.toString()).isZero();
        String[] lines = out.toString().split("\\R");
        assertThat(lines[0]).startsWith("state NORMAL, epoch ").contains("single node",
                "not part of a stretched pool: pool.nodes is empty");
        assertThat(out.toString()).contains("active nodes:").doesNotContain("LINKED");
        int header = List.of(lines).indexOf(lineStarting(lines, "ROLE"));
        assertThat(lines[header]).contains("NAME", "REACHABLE", "STATE", "EPOCH/PROBLEM");
        assertThat(lines[header + 1]).startsWith("PRIMARY").contains("yes", "NORMAL");
        assertThat(lines[lines.length - 1]).matches("\\d+ endpoints?");

        assertThat(pool("show", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("pool").asText()).isEqualTo("single node");
        assertThat(json.get("endpoints").get(0).get("reachable").asBoolean()).isTrue();
    }

    private static String lineStarting(String[] lines, String start) {
        for (String line : lines) {
            if (line.startsWith(start)) {
                return line;
            }
        }
        throw new AssertionError("no line " + start);
    }

    @Test
    void everyChangeOnASingleNodeExitsThreeWithThe409() {
        String refusal = "409 this node is not part of a stretched pool";
        assertThat(pool("active", "set", "n1")).isEqualTo(3);
        assertThat(err.toString()).contains("pchat admin: " + refusal);
        assertThat(out.toString()).isEmpty();
        assertThat(pool("active", "add", "n1,n2")).isEqualTo(3);
        assertThat(err.toString()).contains(refusal);
        assertThat(pool("active", "remove", "n1")).isEqualTo(3);
        assertThat(err.toString()).contains(refusal);
        assertThat(pool("active", "swap")).isEqualTo(3);
        assertThat(err.toString()).contains(refusal);
        assertThat(pool("failover", "--to", "dc2", "--wait", "0")).isEqualTo(3);
        assertThat(err.toString()).contains(refusal);
        assertThat(pool("failback")).isEqualTo(3);
        assertThat(err.toString()).contains(refusal);
    }

    @Test
    void argumentErrorsArePicocliUsageErrors() {
        assertThat(pool("failover")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--to=DC'", "Usage:");
        assertThat(pool("active", "set")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter", "NODE");
        assertThat(pool("failover", "--to", "dc2", "--wait", "soon")).isEqualTo(2);
        assertThat(pool("failover", "--to", "dc2", "--wait", "61")).isEqualTo(2);
        assertThat(err.toString()).contains("--wait must be 0..60 seconds");
        assertThat(pool()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing sub-command: show, active, failover or failback");
        assertThat(pool("active")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing sub-command: set, add, remove or swap");
        assertThat(pool("frobnicate")).isEqualTo(2);
    }

    @Test
    void helpListsTheSubCommands() {
        assertThat(pool("--help")).isZero();
        assertThat(out.toString()).contains("show", "active", "failover", "failback");
        assertThat(pool("active", "--help")).isZero();
        assertThat(out.toString()).contains("set", "add", "remove", "swap");
    }
}
