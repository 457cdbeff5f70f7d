package io.pchat.client.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a {@link LoadResult} as a table and writes it as JSON. The JSON is written by hand: the
 * client module has no JSON library, the document is flat (numbers, a few strings, one array of
 * stages) and this keeps the client's dependencies to what it needs to speak the protocol.
 */
public final class LoadReport {
    private LoadReport() {
    }

    public static void printTable(LoadResult r, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"shape", r.shape()});
        rows.add(new String[] {"target", r.target()});
        rows.add(new String[] {"users / rooms", r.users() + " / " + r.rooms()});
        rows.add(new String[] {"sessions open", Integer.toString(r.sessionsOpen())});
        rows.add(new String[] {"connect time", fmt("%.2f s", r.connectSeconds())});
        StageResult m = r.measured();
        if (m != null) {
            rows.add(new String[] {"measured", fmt("%.1f s at %s", m.seconds(), m.rate() == 0 ? "max rate" : fmt("%.0f posts/s", m.rate()))});
            rows.add(new String[] {"posts/s", fmt("%.1f", m.postsPerSecond())});
            rows.add(new String[] {"deliveries/s", fmt("%.0f", m.deliveriesPerSecond())});
            rows.add(new String[] {"delivered", delivered(m)});
            rows.add(new String[] {"latency p50/p99/p99.9/max", fmt("%.2f / %.2f / %.2f / %.2f ms", m.p50Ms(), m.p99Ms(), m.p999Ms(), m.maxMs())});
            rows.add(new String[] {"latency mean", fmt("%.2f ms", m.meanMs())});
        }
        for (StageResult s : r.stages()) {
            rows.add(new String[] {s.name(), fmt("%.0f posts/s: %.0f deliveries/s, %s, mean %.1f ms, max %.1f ms, halves %.1f/%.1f ms; %s: %s",
                    s.rate(), s.deliveriesPerSecond(), delivered(s), s.meanMs(), s.maxMs(), s.firstHalfMeanMs(),
                    s.secondHalfMeanMs(), cpu(s.cpu(), s.nodeMicrosPerDelivery()), verdict(s))});
        }
        if (!r.stages().isEmpty()) {
            rows.add(new String[] {"highest sustained", r.highestSustainedRate() < 0 ? "none"
                    : fmt("%.0f posts/s", r.highestSustainedRate())});
        }
        rows.add(new String[] {"errors / 503s", r.errors() + " / " + r.refused()});
        rows.add(new String[] {"node CPU", nodeCpu(r.cpu()) + (m == null ? "" : perDelivery(m.nodeMicrosPerDelivery()))});
        rows.add(new String[] {"generator CPU", generatorCpu(r.cpu())});
        if (r.strays() > 0) {
            rows.add(new String[] {"stray deliveries", Long.toString(r.strays())});
        }
        rows.add(new String[] {"node memory", bytes(r.nodeMemoryBytes()) + " (" + r.memoryKind() + ")"});
        rows.add(new String[] {"memory per session", bytes(r.memoryPerSessionBytes())});
        rows.add(new String[] {"machine", fmt("%d cores, load average %.2f", r.cores(), r.loadAverage())});
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(10);
        for (String[] row : rows) {
            out.printf(Locale.ROOT, "%-" + width + "s  %s%n", row[0], row[1]);
        }
    }

    public static void writeJson(LoadResult r, Path file) throws IOException {
        Files.writeString(file, json(r), StandardCharsets.UTF_8);
    }

    public static String json(LoadResult r) {
        StringBuilder b = new StringBuilder("{\n");
        field(b, "shape", r.shape());
        field(b, "target", r.target());
        field(b, "users", r.users());
        field(b, "rooms", r.rooms());
        field(b, "sessionsOpen", r.sessionsOpen());
        field(b, "connectFailures", r.connectFailures());
        field(b, "joinFailures", r.joinFailures());
        field(b, "connectSeconds", r.connectSeconds());
        field(b, "errors", r.errors());
        field(b, "refused503", r.refused());
        field(b, "nodeCpuPercentOfCore", r.cpu().nodePercent());
        field(b, "nodeUserCpuPercentOfCore", r.cpu().nodeUserPercent());
        field(b, "nodeSystemCpuPercentOfCore", r.cpu().nodeSystemPercent());
        field(b, "generatorCpuPercentOfCore", r.cpu().generatorPercent());
        field(b, "generatorBound", r.cpu().generatorBound());
        field(b, "strayDeliveries", r.strays());
        field(b, "nodeMemoryBytes", r.nodeMemoryBytes());
        field(b, "memoryPerSessionBytes", r.memoryPerSessionBytes());
        field(b, "memoryKind", r.memoryKind());
        field(b, "loadAverage", r.loadAverage());
        field(b, "cores", r.cores());
        field(b, "highestSustainedRate", r.highestSustainedRate());
        b.append("  \"measured\": ").append(r.measured() == null ? "null" : stage(r.measured(), "  ")).append(",\n");
        b.append("  \"stages\": [");
        for (int i = 0; i < r.stages().size(); i++) {
            b.append(i == 0 ? "\n    " : ",\n    ").append(stage(r.stages().get(i), "    "));
        }
        b.append(r.stages().isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return b.toString();
    }

    private static String stage(StageResult s, String indent) {
        StringBuilder b = new StringBuilder("{\n");
        String in = indent + "  ";
        b.append(in).append("\"name\": ").append(quote(s.name())).append(",\n");
        CpuShare cpu = s.cpu();
        double[] values = {s.rate(), s.seconds(), s.sent(), s.stored(), s.refused(), s.errors(), s.expected(), s.deliveries(),
            s.duplicates(), s.missing(), s.unacknowledged(), s.postsPerSecond(), s.deliveriesPerSecond(), s.deliveredRatio(), s.meanMs(), s.p50Ms(),
            s.p99Ms(), s.p999Ms(), s.maxMs(), s.firstHalfMeanMs(), s.secondHalfMeanMs(), cpu.nodePercent(),
            cpu.nodeUserPercent(), cpu.nodeSystemPercent(), cpu.generatorPercent(), s.nodeMicrosPerDelivery()};
        String[] names = {"rate", "seconds", "sent", "stored", "refused503", "errors", "expectedDeliveries", "deliveries",
            "duplicatedDeliveries", "missingDeliveries", "unacknowledgedDeliveries", "postsPerSecond", "deliveriesPerSecond", "deliveredRatio",
            "latencyMeanMs", "latencyP50Ms", "latencyP99Ms", "latencyP999Ms", "latencyMaxMs", "firstHalfMeanMs",
            "secondHalfMeanMs", "nodeCpuPercentOfCore", "nodeUserCpuPercentOfCore", "nodeSystemCpuPercentOfCore",
            "generatorCpuPercentOfCore", "nodeCpuMicrosPerDelivery"};
        for (int i = 0; i < names.length; i++) {
            b.append(in).append('"').append(names[i]).append("\": ").append(number(values[i])).append(",\n");
        }
        b.append(in).append("\"missingNamed\": [");
        for (int i = 0; i < s.missingNamed().size(); i++) {
            b.append(i == 0 ? "" : ", ").append(quote(s.missingNamed().get(i)));
        }
        b.append("],\n");
        b.append(in).append("\"generatorBound\": ").append(cpu.generatorBound()).append(",\n");
        b.append(in).append("\"sustained\": ").append(s.sustained()).append('\n').append(indent).append('}');
        return b.toString();
    }

    private static void field(StringBuilder b, String name, Object value) {
        b.append("  \"").append(name).append("\": ");
        if (value instanceof String s) {
            b.append(quote(s));
        } else if (value instanceof Double d) {
            b.append(number(d));
        } else {
            b.append(value);
        }
        b.append(",\n");
    }

    private static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%.3f", d);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String pct(double p) {
        return p < 0 ? "n/a" : fmt("%.1f%% of one core", p);
    }

    /** Exact counts: each (post, recipient) once; what is missing after the drain, and duplicates. */
    private static String delivered(StageResult s) {
        return fmt("%d of %d delivered (%.2f%%), %d missing, %d duplicated", s.deliveries(), s.expected(),
                100 * s.deliveredRatio(), s.missing(), s.duplicates())
                + (s.unacknowledged() > 0 ? fmt(", %d of posts never acknowledged", s.unacknowledged()) : "");
    }

    private static String nodeCpu(CpuShare cpu) {
        if (cpu.nodeUserPercent() < 0) {
            return pct(cpu.nodePercent());
        }
        return fmt("%s (user %.1f%%, system %.1f%%)", pct(cpu.nodePercent()), cpu.nodeUserPercent(), cpu.nodeSystemPercent());
    }

    private static String perDelivery(double micros) {
        return micros < 0 ? "" : fmt(", %.1f µs per delivery", micros);
    }

    private static String generatorCpu(CpuShare cpu) {
        String share = cpu.generatorPercent() < 0 ? "n/a" : fmt("%.1f%% of one core (it may use %d %s)", cpu.generatorPercent(),
                cpu.generatorCores(), cpu.generatorCores() == 1 ? "core" : "cores");
        return cpu.generatorBound() ? share + ": GENERATOR-BOUND, the figures measure the generator, not the node" : share;
    }

    private static String cpu(CpuShare cpu, double microsPerDelivery) {
        String node = cpu.nodePercent() < 0 ? "n/a" : fmt("%.1f%%", cpu.nodePercent());
        if (cpu.nodeUserPercent() >= 0) {
            node += fmt(" (user %.1f%%, system %.1f%%)", cpu.nodeUserPercent(), cpu.nodeSystemPercent());
        }
        return "node " + node + perDelivery(microsPerDelivery) + ", generator "
                + (cpu.generatorPercent() < 0 ? "n/a" : fmt("%.1f%%", cpu.generatorPercent()));
    }

    private static String verdict(StageResult s) {
        String v = s.sustained() ? "sustained" : "NOT sustained";
        return s.cpu().generatorBound() ? v + ", GENERATOR-BOUND (not the node's result)" : v;
    }

    static String bytes(long n) {
        if (n < 0) {
            return "n/a";
        }
        return n >= 1 << 20 ? fmt("%.1f MiB", n / 1048576.0) : fmt("%.1f KiB", n / 1024.0);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
