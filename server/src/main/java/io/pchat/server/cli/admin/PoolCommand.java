package io.pchat.server.cli.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pchat.server.cli.admin.AdminClient.Reply;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pchat admin pool show|active set|add|remove|swap|failover|failback}: the stretched pool
 * through {@code /pool} (docs/admin.md, Pool). {@code show} gives the pool record, this node's
 * view, the members and the database endpoints; the {@code active} commands change which nodes
 * serve and print the new active list; {@code failover} and {@code failback} move the pool
 * between the data centers and print what an operator needs to know (lost or discarded
 * messages per room, switch and recovery times). On a single node every change is refused (409,
 * exit 3).
 */
@Command(name = "pool", mixinStandardHelpOptions = true,
        description = "The stretched pool: show, active set|add|remove|swap, failover, failback.",
        subcommands = {PoolCommand.Show.class, PoolCommand.Active.class, PoolCommand.Failover.class,
                PoolCommand.Failback.class, PoolCommand.Mirror.class})
public final class PoolCommand implements Runnable {
    /** Most seconds {@code failover} waits for the first post: the call must answer within the client's 90 s. */
    static final int MAX_WAIT_SECONDS = 60;
    private static final String NL = System.lineSeparator();

    @ParentCommand
    AdminSession admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing sub-command: show, active, failover or failback");
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show the pool: state, epoch, writer, this node's role, members, database endpoints.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        PoolCommand parent;

        @Override
        public Integer call() {
            return parent.admin.run(client -> parent.admin.print(client.get("/pool"), r -> show(r.json())));
        }
    }

    /** {@code pool active set|add|remove|swap}: change the active list, print the new one. */
    @Command(name = "active", mixinStandardHelpOptions = true,
            description = "Change which nodes are active: set, add, remove, swap.",
            subcommands = {Active.Set.class, Active.Add.class, Active.Remove.class, Active.Swap.class})
    static final class Active implements Runnable {
        @ParentCommand
        PoolCommand pool;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command: set, add, remove or swap");
        }

        /** set, add and remove: the node ids, sent as {@code {"nodes": [...]}}. */
        abstract static class Change implements Callable<Integer> {
            @ParentCommand
            Active parent;
            @Parameters(arity = "1..*", split = ",", paramLabel = "NODE", description = "Pool member ids (pool.nodes).")
            List<String> nodes;

            abstract Reply send(AdminClient client, ObjectNode body) throws AdminFailure;

            @Override
            public Integer call() {
                AdminSession admin = parent.pool.admin;
                ObjectNode body = Forms.object();
                body.set("nodes", Forms.array(nodes));
                return admin.run(client -> admin.print(send(client, body), r -> activeList(r.json())));
            }
        }

        @Command(name = "set", mixinStandardHelpOptions = true, description = "Make exactly these nodes active.")
        static final class Set extends Change {
            @Override
            Reply send(AdminClient client, ObjectNode body) throws AdminFailure {
                return client.put("/pool/active", body);
            }
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Make these nodes active too.")
        static final class Add extends Change {
            @Override
            Reply send(AdminClient client, ObjectNode body) throws AdminFailure {
                return client.post("/pool/active/add", body);
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Make these nodes idle.")
        static final class Remove extends Change {
            @Override
            Reply send(AdminClient client, ObjectNode body) throws AdminFailure {
                return client.post("/pool/active/remove", body);
            }
        }

        @Command(name = "swap", mixinStandardHelpOptions = true,
                description = "Exchange the active and the idle nodes (the idle ones become the active list).")
        static final class Swap implements Callable<Integer> {
            @ParentCommand
            Active parent;

            @Override
            public Integer call() {
                AdminSession admin = parent.pool.admin;
                return admin.run(client -> admin.print(client.post("/pool/swap", null), r -> activeList(r.json())));
            }
        }
    }

    @Command(name = "failover", mixinStandardHelpOptions = true,
            description = "Fail the pool over to another data center; report lost messages, switch and recovery times.")
    static final class Failover implements Callable<Integer> {
        @ParentCommand
        PoolCommand parent;
        @Option(names = "--to", required = true, paramLabel = "DC", description = "The data center to fail over to.")
        String to;
        @Option(names = "--wait", defaultValue = "30", paramLabel = "SECONDS",
                description = "How long to wait for the first post after the switch, the recovery time "
                        + "(0.." + MAX_WAIT_SECONDS + ", default ${DEFAULT-VALUE}).")
        int waitSeconds;

        @Override
        public Integer call() {
            return parent.admin.run(client -> {
                if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
                    throw new AdminFailure(AdminExit.USAGE, "--wait must be 0.." + MAX_WAIT_SECONDS + " seconds, was "
                            + waitSeconds);
                }
                ObjectNode body = Forms.object().put("to", to).put("waitSeconds", waitSeconds);
                return parent.admin.print(client.post("/pool/failover", body), r -> failover(r.json(), waitSeconds));
            });
        }
    }

    @Command(name = "failback", mixinStandardHelpOptions = true,
            description = "Fail back to the primary: ship back, compare, return to normal.")
    static final class Failback implements Callable<Integer> {
        @ParentCommand
        PoolCommand parent;

        @Option(names = "--active", split = ",", paramLabel = "NODE",
                description = "The nodes to make active afterwards (default: the nodes of the first data center in"
                        + " pool.nodes).")
        List<String> active = new ArrayList<>();

        @Override
        public Integer call() {
            ObjectNode body = Forms.object();
            ArrayNode nodes = body.putArray("activeNodes");
            active.forEach(nodes::add);
            return parent.admin.run(client -> parent.admin.print(client.post("/pool/failback", body),
                    r -> failback(r.json())));
        }
    }

    /** {@code pool mirror rebuild}: the mirror copied anew from the primary. */
    @Command(name = "mirror", mixinStandardHelpOptions = true, description = "The mirror database: rebuild.",
            subcommands = {Mirror.Rebuild.class})
    static final class Mirror implements Runnable {
        @ParentCommand
        PoolCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command: rebuild");
        }

        @Command(name = "rebuild", mixinStandardHelpOptions = true,
                description = {"Rebuild the mirror from the primary: its messages are deleted and copied again, then"
                        + " every node checks it against the primary and keeps it in step. Needed after a failback"
                        + " (the mirror stays retired until then) or when it diverged."})
        static final class Rebuild implements Callable<Integer> {
            @ParentCommand
            Mirror parent;

            @Override
            public Integer call() {
                AdminSession admin = parent.parent.admin;
                return admin.run(client -> admin.print(client.post("/pool/mirror/rebuild", null), r -> rebuilt(r.json())));
            }
        }
    }

    /** The {@code POST /pool/mirror/rebuild} answer: its progress lines, then what was copied. */
    static String rebuilt(JsonNode r) {
        StringBuilder out = new StringBuilder();
        for (JsonNode line : r.path("progress")) {
            out.append(line.asText()).append(NL);
        }
        return out.append("mirror rebuilt: ").append(Forms.text(r, "copied")).append(" message(s) in ")
                .append(Forms.text(r, "millis")).append(" ms").append(NL).toString();
    }

    /** The {@code GET /pool} form: a summary line, the active list, members and endpoints tables. */
    static String show(JsonNode p) {
        StringBuilder out = new StringBuilder();
        String head = "state " + Forms.text(p, "state") + ", epoch " + Forms.text(p, "epoch");
        if (!p.has("members")) {
            out.append(head).append(", single node ").append(Forms.text(p, "node"))
                    .append(" (not part of a stretched pool: pool.nodes is empty)").append(NL);
            out.append(Forms.lines(new String[][] {{"active nodes", Forms.list(p, "activeNodes")}}));
        } else {
            out.append(head).append(", writer ").append(Forms.text(p, "writer")).append(", this node ")
                    .append(Forms.text(p, "node")).append(" is ").append(Forms.text(p, "role"))
                    .append(" (").append(Forms.text(p, "roomsSequencedHere")).append(" rooms sequenced here)").append(NL);
            if (p.has("writerProblem")) {
                out.append("the writing database does not answer (").append(Forms.text(p, "writerProblem"))
                        .append("): state, epoch, active list and leases are this node's view as of ")
                        .append(Forms.text(p, "viewAt")).append(NL);
            }
            out.append(Forms.lines(new String[][] {{"active nodes", Forms.list(p, "activeNodes")},
                {"mirror", Forms.text(p.path("mirror"), "state") + " (as this node's copies see it)"}}));
            // LEASE: only nodes of the active list hold one; an idle node that is up shows as linked
            TextTable members = new TextTable("ID", "DC", "SIP", "LINK", "ACTIVE", "LEASE", "LINKED");
            for (JsonNode m : p.path("members")) {
                members.row(Forms.text(m, "id"), Forms.text(m, "dataCenter"), Forms.text(m, "sip"), Forms.text(m, "link"),
                        Forms.yesNo(m, "active"), Forms.yesNo(m, "live"), Forms.yesNo(m, "linked"));
            }
            out.append(members.withCount("member", "members", ""));
        }
        if (p.has("endpointsProbedAt")) {
            out.append("endpoints as probed at ").append(Forms.text(p, "endpointsProbedAt")).append(NL);
        }
        TextTable endpoints = new TextTable("ROLE", "NAME", "REACHABLE", "STATE", "EPOCH/PROBLEM");
        for (JsonNode e : p.path("endpoints")) {
            boolean reachable = e.path("reachable").asBoolean();
            endpoints.row(Forms.text(e, "role"), Forms.text(e, "name"), reachable ? "yes" : "no",
                    reachable ? Forms.text(e, "state") : "-", reachable ? Forms.text(e, "epoch") : Forms.text(e, "problem"));
        }
        out.append(endpoints.withCount("endpoint", "endpoints", ""));
        return out.toString();
    }

    /** After an active-list change: the new list. */
    static String activeList(JsonNode p) {
        return Forms.lines(new String[][] {{"active nodes", Forms.list(p, "activeNodes")}});
    }

    /** The {@code POST /pool/failover} answer for an operator. */
    static String failover(JsonNode f, int waitSeconds) {
        JsonNode recovery = f.get("recoveryMillis");
        Report out = new Report("failed over to " + Forms.text(f, "to"))
                .line("epoch", Forms.text(f, "epoch"))
                .line("old primary", f.path("oldPrimaryReadable").asBoolean() ? "readable" : "not readable")
                .line("switch time", Forms.text(f, "switchMillis") + " ms")
                .line("recovery", recovery == null || recovery.isNull() ? "no post within " + waitSeconds + " s"
                        : "first post stored " + recovery.asLong() + " ms after the command")
                .line("active nodes", Forms.list(f, "activeNodes"));
        long lost = f.path("lostMessages").asLong();
        if (!f.path("oldPrimaryReadable").asBoolean()) {
            TextTable through = new TextTable("ROOM", "N");
            for (Map.Entry<String, JsonNode> e : f.path("shippedThrough").properties()) {
                through.row(e.getKey(), e.getValue().asText());
            }
            out.line("lost messages", "unknown: the old primary could not be read; the backup holds each room through msgid N:")
                    .block(through);
        } else if (lost == 0) {
            out.line("lost messages", "none: every message was shipped to the backup");
        } else {
            out.line("lost messages", lost + " message(s) not shipped to the backup:").block(losses(f.path("lost")));
        }
        return out.toString();
    }

    /** The {@code POST /pool/failback} answer for an operator. */
    static String failback(JsonNode f) {
        Report out = new Report("failed back")
                .line("epoch", Forms.text(f, "epoch"))
                .line("shipped back", Forms.text(f, "shippedBack") + " message(s)")
                .line("switch time", Forms.text(f, "switchMillis") + " ms")
                .line("active nodes", Forms.list(f, "activeNodes"));
        long discarded = 0;
        for (JsonNode d : f.path("discarded")) {
            discarded += d.path("count").asLong();
        }
        if (discarded == 0) {
            out.line("discarded", "none");
        } else {
            out.line("discarded", discarded + " never-shipped message(s):").block(losses(f.path("discarded")));
        }
        int differing = f.path("differences").size();
        if (differing == 0) {
            out.line("differences", "none: both sides hold the same msgids");
        } else {
            TextTable table = new TextTable("ROOM", "ONLY ON PRIMARY", "ONLY ON BACKUP");
            for (JsonNode d : f.path("differences")) {
                table.row(Forms.text(d, "room"), Forms.text(d, "onlyOnPrimary"), Forms.text(d, "onlyOnBackup"));
            }
            out.line("differences", differing + " room(s) differ:").block(table);
        }
        out.line("mirror", Forms.text(f, "mirror"));
        long onMirror = 0;
        for (JsonNode d : f.path("onMirror")) {
            onMirror += d.path("count").asLong();
        }
        if (onMirror > 0) {
            out.line("only on the mirror", onMirror + " message(s) acknowledged in the old data center and lost by the"
                    + " failover (kept on the retired mirror until it is rebuilt):").block(losses(f.path("onMirror")));
        }
        return out.toString();
    }

    /** A title, then {@code key: value} lines aligned across the whole answer, with tables between them. */
    private static final class Report {
        private final List<String[]> items = new ArrayList<>(); // {key, value}, or {null, block}

        Report(String title) {
            items.add(new String[] {null, title + NL});
        }

        Report line(String key, String value) {
            items.add(new String[] {key, value});
            return this;
        }

        Report block(Object table) {
            items.add(new String[] {null, table.toString()});
            return this;
        }

        @Override
        public String toString() {
            int width = items.stream().filter(i -> i[0] != null).mapToInt(i -> i[0].length()).max().orElse(0);
            StringBuilder out = new StringBuilder();
            for (String[] item : items) {
                if (item[0] == null) {
                    out.append(item[1]);
                } else {
                    out.append(item[0]).append(':').append(" ".repeat(width - item[0].length() + 1)).append(item[1]).append(NL);
                }
            }
            return out.toString();
        }
    }

    /** {@code [{room, count, msgids[]}]} as a table; msgids are ranges like {@code 5..9}. */
    private static TextTable losses(JsonNode array) {
        TextTable table = new TextTable("ROOM", "COUNT", "MSGIDS");
        for (JsonNode loss : array) {
            List<String> ranges = new ArrayList<>();
            loss.path("msgids").forEach(r -> ranges.add(r.asText()));
            table.row(Forms.text(loss, "room"), Forms.text(loss, "count"), String.join(",", ranges));
        }
        return table;
    }
}
