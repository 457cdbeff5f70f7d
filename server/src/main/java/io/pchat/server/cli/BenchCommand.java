package io.pchat.server.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.pchat.client.load.LoadGenerator;
import io.pchat.client.load.LoadOptions;
import io.pchat.client.load.LoadReport;
import io.pchat.client.load.LoadResult;
import io.pchat.client.load.NodeProbe;
import io.pchat.client.load.RoomPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pchat bench}: end-to-end load on a node through real SIP/TCP dialogs (the client
 * library's {@code io.pchat.client.load.LoadGenerator}), against a node it starts in this JVM
 * (embedded database in a temporary directory, deleted afterwards) or an external one
 * ({@code --server}, loopback only unless {@code --allow-remote}).
 *
 * <p>Workloads: the default mix (the original product's capacity model scaled by
 * {@code --scale}), an explicit {@code --rooms} mix, the named shapes A, B and C, or
 * {@code --sessions N} (open N idle sessions, hold them with session refreshes, report memory per
 * session and the time to connect them). Explicit options override a shape's values. Prints a
 * progress line a second, then a table, and writes the result as JSON. Exit codes: 0 done (even
 * with errors, which the report counts), 2 usage, 3 the run could not be made.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load a node with simulated SIP users and measure posts/s, deliveries/s and latency.")
public final class BenchCommand implements Callable<Integer> {
    static final String DEFAULT_STAGES = "4,8,12,16,20,30,40,60,80,100,120,160,200,240,320,400";

    @Option(names = "--server", description = "host:port of a running node (default: start one in this JVM).")
    String server;

    @Option(names = "--allow-remote", description = "Allow a --server that is not a loopback address.")
    boolean allowRemote;

    @Option(names = "--shape", description = "Named workload: A (1 room x 100 users, a post each 2 s, 60 s), "
            + "B (1 room x 500 users, rate raised in 10 s stages), C (2,000 idle users in 20 rooms of 100).")
    String shape;

    @Option(names = "--users", description = "Simulated users (default: the scaled capacity model's).")
    Integer users;

    @Option(names = "--scale", description = "Scale of the default mix: the original product's 80,000 users, "
            + "32,000 rooms of 30, 1,067 of 150 and 10 of 16,000 times this (default 0.01).")
    Double scale;

    @Option(names = {"--rooms", "--mix"}, description = "Rooms as COUNTxSIZE[,COUNTxSIZE...], e.g. 20x30,2x150,1x1000.")
    String mix;

    @Option(names = "--rate", description = "Posts per second over all users, or 'max' (default 50; shapes set their own).")
    String rate;

    @Option(names = "--max-in-flight", description = "Outstanding posts with --rate max (default 256).")
    Integer maxInFlight;

    @Option(names = "--duration", description = "Measured seconds (per stage for shape B; holding time when idle).")
    Double duration;

    @Option(names = "--warmup", description = "Seconds of posting before measuring (default 5; 15 for shapes A and B).")
    Double warmup;

    @Option(names = "--stages", description = "Shape B's post rates, comma-separated (default " + DEFAULT_STAGES + ").")
    String stages;

    @Option(names = "--sessions", description = "Sessions mode: open N idle sessions and hold them (--duration, default 60 s).")
    Integer sessions;

    @Option(names = "--json", description = "Where to write the result (default pchat-bench.json).")
    Path json = Path.of("pchat-bench.json");

    @Option(names = "--node-pid", description = "pid of an external node on this machine, to read its CPU and memory (Linux).")
    Long nodePid;

    @Option(names = "--prepare-data-dir", description = "Only create the run's rooms in the embedded store of this data "
            + "directory (for a node to be started on it with pchat node --data-dir), then exit.")
    Path prepareDataDir;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        LoadOptions options;
        String label;
        try {
            label = sessions != null ? "sessions" : shape == null ? "mix" : shape.toUpperCase(Locale.ROOT);
            options = options(label);
        } catch (IllegalArgumentException e) {
            System.err.println("pchat bench: " + e.getMessage());
            return 2;
        }
        if (prepareDataDir != null) {
            int created = BenchNode.prepare(prepareDataDir, options.rooms());
            out.printf(Locale.ROOT, "created %d of %d rooms in %s%n", created, options.rooms().size(), prepareDataDir);
            return 0;
        }
        LoadResult result;
        try {
            result = server == null ? runInProcess(options, label, out) : runExternal(options, label, out);
        } catch (IllegalArgumentException e) {
            System.err.println("pchat bench: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("pchat bench: run failed: " + e);
            e.printStackTrace();
            return 3;
        }
        out.println();
        LoadReport.printTable(result, out);
        LoadReport.writeJson(result, json);
        out.println("wrote " + json.toAbsolutePath());
        return 0;
    }

    private LoadResult runInProcess(LoadOptions options, String label, PrintStream out) throws Exception {
        try (BenchNode node = BenchNode.start(options.rooms(), options.users())) {
            out.printf(Locale.ROOT, "in-process node on 127.0.0.1:%d, %d rooms%n", node.sipPort(), options.rooms().size());
            LoadOptions here = new LoadOptions("127.0.0.1", node.sipPort(), options.domain(), options.users(), options.rooms(),
                    options.ratePerSecond(), options.maxInFlight(), options.warmup(), options.duration(), options.stageRates(),
                    options.idle(), false);
            return new LoadGenerator(here, NodeProbe.sameJvm(), out, label, "in-process").run();
        }
    }

    private LoadResult runExternal(LoadOptions options, String label, PrintStream out) throws Exception {
        NodeProbe probe = nodePid == null ? NodeProbe.NONE : NodeProbe.process(nodePid);
        return new LoadGenerator(options, probe, out, label, options.host() + ":" + options.port()).run();
    }

    /** The run's options: the shape's (or the default mix's), then every explicit option over them. */
    LoadOptions options(String label) {
        String host = "127.0.0.1";
        int port = 5041;
        if (server != null) {
            int colon = server.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--server is host:port: " + server);
            }
            host = server.substring(0, colon);
            port = Integer.parseInt(server.substring(colon + 1));
        }
        int n;
        List<RoomPlan> rooms;
        double postRate = 50;
        double seconds = 30;
        List<Double> ramp = List.of();
        boolean idle = false;
        double warm = 5;
        switch (label) {
            case "A" -> {
                n = 100;
                rooms = RoomPlan.uniform(1, 100);
                postRate = 50;
                seconds = 60;
                warm = 15;
            }
            case "B" -> {
                n = 500;
                rooms = RoomPlan.uniform(1, 500);
                seconds = 10;
                warm = 15;
                ramp = rates(stages == null ? DEFAULT_STAGES : stages);
            }
            case "C" -> {
                n = 2000;
                rooms = RoomPlan.uniform(20, 100);
                idle = true;
            }
            case "sessions" -> {
                n = sessions;
                rooms = List.of();
                idle = true;
                seconds = 60;
            }
            case "MIX" -> throw new IllegalArgumentException("unknown shape " + shape + " (A, B or C)");
            default -> {
                if (!"mix".equals(label)) {
                    throw new IllegalArgumentException("unknown shape " + shape + " (A, B or C)");
                }
                double s = scale == null ? 0.01 : scale;
                n = users != null ? users : RoomPlan.modelUsers(s);
                rooms = RoomPlan.capacityModel(s, n);
            }
        }
        if (users != null) {
            n = users;
        }
        if (mix != null) {
            rooms = RoomPlan.parseMix(mix);
        }
        if (rate != null) {
            postRate = "max".equalsIgnoreCase(rate) ? 0 : Double.parseDouble(rate);
        }
        if (stages != null && !"B".equals(label)) {
            ramp = rates(stages);
        }
        if (duration != null) {
            seconds = duration;
        }
        return new LoadOptions(host, port, BenchNode.DOMAIN, n, rooms, postRate, maxInFlight == null ? 256 : maxInFlight,
                seconds(warmup == null ? (idle ? 0 : warm) : warmup), seconds(seconds), ramp, idle, allowRemote);
    }

    private static List<Double> rates(String list) {
        List<Double> out = new ArrayList<>();
        for (String r : list.split(",")) {
            out.add(Double.parseDouble(r.trim()));
        }
        return out;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}
