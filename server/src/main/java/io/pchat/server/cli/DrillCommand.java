package io.pchat.server.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.pchat.server.cli.admin.TextTable;
import io.pchat.server.drill.Drill;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pchat drill}: runs a whole stretched pool in this process under a client load, takes it
 * through mirror takeover, data-center failover and failback, verifies every room after each
 * step, and prints the table. Exit code 0 when nothing was lost where nothing may be (steady
 * load, mirror takeover, failback) and nothing was ever duplicated; 1 otherwise.
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"Failover drill: a stretched pool in this process (nodes in dc1 and dc2; primary, mirror and"
                + " backup as H2 servers on loopback) under a client load, taken through mirror takeover, a failover"
                + " to dc2 and a failback, verified after each step. Ends by itself."})
public final class DrillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--active", description = "Active nodes in dc1 (default ${DEFAULT-VALUE}).", defaultValue = "2")
    int active;

    @Option(names = "--idle", description = "Idle nodes in dc2 (default ${DEFAULT-VALUE}).", defaultValue = "2")
    int idle;

    @Option(names = "--clients", description = "Pool clients posting (default ${DEFAULT-VALUE}).", defaultValue = "4")
    int clients;

    @Option(names = "--rooms", description = "Rooms every client joins and posts to (default ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int rooms;

    @Option(names = "--rate", description = "Posts per second per client (default ${DEFAULT-VALUE}).", defaultValue = "20")
    int rate;

    @Option(names = "--step", description = "Seconds of load in each step (default ${DEFAULT-VALUE}).", defaultValue = "5")
    int stepSeconds;

    @Option(names = "--ship-interval", description = "Milliseconds between shipments to the backup (default ${DEFAULT-VALUE}).",
            defaultValue = "500")
    int shipMillis;

    @Option(names = "--dir", description = "Where the drill's databases and nodes live (default: a temporary directory,"
            + " deleted afterwards).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Drill.Options options;
        try {
            options = new Drill.Options(active, idle, clients, rooms, rate, Duration.ofSeconds(stepSeconds),
                    Duration.ofMillis(shipMillis));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("pchat drill: " + e.getMessage());
            return 2;
        }
        if (stepSeconds < 1 || shipMillis < 10) {
            spec.commandLine().getErr().println("pchat drill: --step must be at least 1 s and --ship-interval at least 10 ms");
            return 2;
        }
        boolean temporary = dir == null;
        Path where = temporary ? Files.createTempDirectory("pchat-drill") : Files.createDirectories(dir);
        List<Drill.Step> steps;
        try {
            steps = Drill.run(where, options, line -> {
                out.println(line);
                out.flush();
            });
        } finally {
            if (temporary) {
                TemporaryDirectory.delete(where, "pchat drill");
            }
        }
        TextTable table = new TextTable("step", "acknowledged", "lost", "duplicated", "gaps", "recovery", "notes");
        for (Drill.Step s : steps) {
            table.row(s.name(), s.acknowledged(), s.lost(), s.duplicated(), s.gaps(),
                    s.recoveryMillis() == null ? "-" : s.recoveryMillis() + " ms", s.detail());
        }
        out.println();
        out.print(table);
        boolean ok = steps.stream().allMatch(s -> s.duplicated() == 0 && !s.detail().contains("DIFFERENCES")
                && (s.name().startsWith("failover") || s.lost() == 0));
        out.println(ok ? "drill passed: nothing duplicated; nothing lost outside the failover's recovery point"
                : "drill FAILED: see the table");
        out.flush();
        return ok ? 0 : 1;
    }
}
