package io.pchat.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code pchat drill}'s options are checked before anything starts: a PostgreSQL drill without
 * PostgreSQL's binaries, or binaries given for the built-in drill, is a usage error (exit 2) that
 * says what is wrong. (The drills themselves run in CI: each takes minutes.)
 */
class DrillCommandTest {
    @TempDir
    Path dir;

    @Test
    void aPostgresDrillGivenADirectoryWithoutTheServerBinariesIsAUsageError() {
        Run run = run("drill", "--replication", "postgres", "--postgres-bin", dir.toString(), "--dir",
                dir.resolve("drill").toString());

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("--postgres-bin").contains(dir.toString()).contains("[initdb, postgres]");
        assertThat(dir.resolve("drill")).doesNotExist();
    }

    @Test
    void binariesGivenForTheBuiltinDrillAreAUsageError() {
        Run run = run("drill", "--postgres-bin", dir.toString());

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("--postgres-bin is for --replication postgres");
    }

    @Test
    void anUnknownReplicationIsAUsageErrorNamingTheChoices() {
        Run run = run("drill", "--replication", "mysql");

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("builtin").contains("postgres");
    }

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = PchatCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute(args);
        return new Run(exit, err.toString());
    }
}
