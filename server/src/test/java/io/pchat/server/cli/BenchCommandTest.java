package io.pchat.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/**
 * The CI smoke run of {@code pchat bench}: a few seconds against a node in this JVM, with a
 * handful of real SIP users, must deliver messages without errors and write its JSON. It
 * measures nothing; it keeps the load generator from rotting.
 */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aShortInProcessRunDeliversMessagesAndWritesItsJson() throws Exception {
        Path json = dir.resolve("bench.json");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = PchatCommand.commandLine().execute("bench", "--users", "6", "--rooms", "1x6,2x3", "--rate", "20",
                    "--warmup", "1", "--duration", "3", "--json", json.toString());
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(exit).isZero();
        assertThat(output).contains("deliveries/s=").contains("latency p50/p99/p99.9/max");
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.get("sessionsOpen").asInt()).isEqualTo(6);
        assertThat(result.get("errors").asLong()).isZero();
        assertThat(result.get("refused503").asLong()).isZero();
        JsonNode measured = result.get("measured");
        assertThat(measured.get("stored").asLong()).isPositive();
        assertThat(measured.get("deliveries").asLong()).isPositive().isEqualTo(measured.get("expectedDeliveries").asLong());
        assertThat(measured.get("missingDeliveries").asLong()).isZero();
        assertThat(measured.get("duplicatedDeliveries").asLong()).isZero();
        assertThat(measured.get("missingNamed")).isEmpty();
        assertThat(measured.get("latencyMaxMs").asDouble()).isPositive();
        assertThat(measured.get("nodeCpuMicrosPerDelivery").asDouble()).isPositive();
        assertThat(result.get("strayDeliveries").asLong()).isZero();
        assertThat(result.get("nodeCpuPercentOfCore").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(result.get("nodeUserCpuPercentOfCore").asDouble() + result.get("nodeSystemCpuPercentOfCore").asDouble())
                .isCloseTo(result.get("nodeCpuPercentOfCore").asDouble(), org.assertj.core.data.Offset.offset(2.0));
        assertThat(result.get("generatorBound").isBoolean()).isTrue();
        assertThat(output).contains("missing, 0 duplicated").contains("µs per delivery").contains("generator CPU");
    }

    @Test
    void aRemoteServerIsRefusedWithoutAllowRemote() {
        int exit = PchatCommand.commandLine().execute("bench", "--server", "192.0.2.1:5041", "--users", "1",
                "--rooms", "1x1", "--duration", "1", "--json", dir.resolve("x.json").toString());
        assertThat(exit).isEqualTo(2);
    }

    @Test
    void shapesSetTheirWorkloadAndOptionsOverrideIt() {
        BenchCommand b = new BenchCommand();
        new CommandLine(b).parseArgs("--shape", "B", "--stages", "10,20");
        var options = b.options("B");
        assertThat(options.users()).isEqualTo(500);
        assertThat(options.rooms()).hasSize(1);
        assertThat(options.stageRates()).containsExactly(10.0, 20.0);

        BenchCommand mix = new BenchCommand();
        new CommandLine(mix).parseArgs("--scale", "0.01");
        var model = mix.options("mix");
        assertThat(model.users()).isEqualTo(800);
        assertThat(model.rooms()).hasSize(320 + 11 + 1);
    }
}
