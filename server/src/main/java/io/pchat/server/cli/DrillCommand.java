package io.pchat.server.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import io.pchat.server.cli.admin.TextTable;
import io.pchat.server.drill.Drill;
import io.pchat.server.drill.ProcessDrill;
import io.pchat.storage.postgres.PostgresBinaries;
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
                + " to dc2 and a failback, verified after each step. Ends by itself. With --processes, or on"
                + " PostgreSQL's own replication (--replication postgres), every node and database is a process of its"
                + " own."})
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

    @Option(names = "--rate", description = "Posts per second per client (default 20; 5 with --processes: the node's"
            + " default sip.maxCommandsPerSecond is 20 per session).")
    Integer rate;

    @Option(names = "--step", description = "Seconds of load in each step (default 5; 6 with --processes).")
    Integer stepSeconds;

    @Option(names = "--ship-interval", description = "Milliseconds between shipments to the backup (default 500; 1000"
            + " with --processes).")
    Integer shipMillis;

    @Option(names = "--processes", description = {"Run every node and database as a process of its own, with the"
            + " default settings (as operators run them), killed with SIGKILL, and the operator's steps through each"
            + " node's admin API; adds a mirror rebuild and a second mirror takeover after the failback. Defaults"
            + " then: --rate 5, --step 6, --ship-interval 1000."})
    boolean processes;

    /** Who replicates the drill's databases. */
    enum Replication {
        builtin, postgres
    }

    @Option(names = "--replication", description = {"builtin (default): H2 databases that pchat replicates. postgres:"
            + " three PostgreSQL servers replicating themselves (a synchronous standby as the mirror, an asynchronous"
            + " one as the backup; storage.replication external), pchat promoting them; implies --processes."},
            defaultValue = "builtin")
    Replication replication;

    @Option(names = "--postgres-bin", paramLabel = "DIR", description = "With --replication postgres: the directory of"
            + " PostgreSQL's server binaries (initdb, postgres; default: found on the PATH or under /usr/lib/postgresql).")
    Path postgresBin;

    @Option(names = "--dir", description = "Where the drill's databases and nodes live (default: a temporary directory,"
            + " deleted afterwards).")
    Path dir;

    /** The drill's table: one row per step. */
    static TextTable table(List<Drill.Step> steps) {
        TextTable table = new TextTable("step", "acknowledged", "lost", "beyond RPO", "duplicated", "gaps", "reused",
                "recovery", "notes");
        for (Drill.Step s : steps) {
            table.row(s.name(), s.acknowledged(), s.lost(), s.beyondRecoveryPoint(), s.duplicated(), s.gaps(), s.reused(),
                    s.recoveryMillis() == null ? "-" : s.recoveryMillis() + " ms", s.detail());
        }
        return table;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean processes = this.processes || replication == Replication.postgres;
        Optional<Path> postgres;
        try {
            postgres = replication == Replication.postgres ? Optional.of(PostgresBinaries.find(Optional.ofNullable(postgresBin)))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("pchat drill: --postgres-bin: " + e.getMessage());
            return 2;
        }
        if (postgresBin != null && postgres.isEmpty()) {
            spec.commandLine().getErr().println("pchat drill: --postgres-bin is for --replication postgres");
            return 2;
        }
        int rate = this.rate != null ? this.rate : processes ? 5 : 20;
        int stepSeconds = this.stepSeconds != null ? this.stepSeconds : processes ? 6 : 5;
        int shipMillis = this.shipMillis != null ? this.shipMillis : processes ? 1000 : 500;
        if (processes && active != idle) {
            spec.commandLine().getErr().println("pchat drill: with --processes each data center has --active nodes (--idle is"
                    + " not used)");
        }
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
            Consumer<String> print = line -> {
                out.println(line);
                out.flush();
            };
            steps = processes ? ProcessDrill.run(where, options, postgres, print) : Drill.run(where, options, print);
        } finally {
            if (temporary) {
                TemporaryDirectory.delete(where, "pchat drill");
            }
        }
        out.println();
        out.print(table(steps));
        boolean ok = steps.stream().allMatch(Drill.Step::passed);
        out.println(ok ? "drill passed: nothing duplicated, no msgid reused, nothing lost beyond the failover's recovery point"
                : "drill FAILED: see the table");
        out.flush();
        return ok ? 0 : 1;
    }
}
