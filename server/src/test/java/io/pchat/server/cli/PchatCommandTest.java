package io.pchat.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class PchatCommandTest {

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = PchatCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        return cli.execute(args);
    }

    @Test
    void versionNamesTheProjectVersionFromThePom() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("pchat 0.").doesNotContain("${project.version}").doesNotContain("unknown");
    }

    @Test
    void helpListsTheCommandName() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: pchat").contains("--version");
    }

    @Test
    void noArgumentsPrintsUsage() {
        assertThat(run()).isZero();
        assertThat(out.toString()).contains("Usage: pchat");
    }
}
