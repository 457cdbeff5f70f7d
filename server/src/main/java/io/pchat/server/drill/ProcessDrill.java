package io.pchat.server.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.cli.admin.AdminClient;
import io.pchat.server.cli.admin.AdminFailure;
import io.pchat.storage.db.Database;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.MsgidGap;
import io.pchat.storage.log.MsgidGaps;
import io.pchat.storage.replication.MsgidRange;

/**
 * The failover drill as operators run it ({@code pchat drill --processes}): a {@link ProcessPool}
 * (every node and database a process of its own, default settings, processes killed with
 * SIGKILL) under the clients' load, taken through the README's sequence by the operator's own
 * commands (each node's admin API with its own token), plus a second disaster after the
 * failback:
 * <ol>
 * <li>steady load;</li>
 * <li>the primary database killed: the pool takes the mirror over by itself;</li>
 * <li>data center 1 killed (the mirror, which writes now, and its nodes): {@code pool failover --to dc2};</li>
 * <li>dc1's databases back, {@code pool failback}, then dc1's nodes restarted;</li>
 * <li>{@code pool mirror rebuild} (the failback leaves the mirror retired), until every dc1 node's
 * copies are in step;</li>
 * <li>the primary killed again: a second mirror takeover.</li>
 * </ol>
 * After each step every room's history, read from the database that writes, is checked against
 * every acknowledgement ({@link DrillCheck}); only the failover may lose posts, and only those
 * its report's recovery point covers.
 *
 * <p>On PostgreSQL ({@link PostgresDatabases}) the same steps run with the engine replicating
 * and pchat promoting its standbys; the administrator's work between them (the backup pointed at
 * the new writer after a takeover, dc1 rebuilt as standbys of the backup before the failback, the
 * backup rebuilt after it) is done by the drill and noted in the table, and step 5 checks the
 * rebuilt mirror instead of filling it.
 */
public final class ProcessDrill {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Drill.Options options;
    private final Optional<Path> postgresBinaries;
    private final Consumer<String> progress;
    private final List<Drill.Step> steps = new ArrayList<>();
    private final DrillCheck check = new DrillCheck();

    private ProcessDrill(Drill.Options options, Optional<Path> postgresBinaries, Consumer<String> progress) {
        this.options = options;
        this.postgresBinaries = postgresBinaries;
        this.progress = progress;
    }

    /**
     * Runs the whole drill under {@code dir} on H2 servers that pchat replicates or, given
     * PostgreSQL's binaries, on PostgreSQL servers replicating themselves; ends by itself; returns
     * the table's rows.
     */
    public static List<Drill.Step> run(Path dir, Drill.Options options, Optional<Path> postgresBinaries,
            Consumer<String> progress) throws Exception {
        return new ProcessDrill(options, postgresBinaries, progress).run(dir);
    }

    private List<Drill.Step> run(Path dir) throws Exception {
        DrillDatabases databases = postgresBinaries.isPresent() ? new PostgresDatabases(postgresBinaries.get(), dir)
                : new H2Databases(dir);
        try (ProcessPool pool = new ProcessPool(dir, options.activeNodes(), options.shipInterval(), databases)) {
            List<String> dc1 = pool.members("dc1");
            List<String> dc2 = pool.members("dc2");
            progress.accept("starting " + databases.describe() + " and " + (dc1.size() + dc2.size()) + " node processes ("
                    + dc1 + " in dc1, " + dc2 + " in dc2), default settings but storage.replication "
                    + databases.replication() + (databases.pchatReplicates() ? " and storage.shipInterval "
                    + options.shipInterval().toMillis() + " ms" : "") + "; configurations in " + dir);
            databases.start();
            for (String id : dc1) {
                pool.startNode(id);
            }
            for (String id : dc2) {
                pool.startNode(id);
            }
            await("dc1's nodes active and live", () -> dc1.stream().allMatch(id -> active(pool, id, dc1)));
            List<RoomUri> rooms = createRooms(pool.admin(dc1.get(0)));
            progress.accept("connecting " + options.clients() + " clients (every node's address) to " + rooms.size() + " rooms");
            try (DrillLoad load = new DrillLoad(pool.sipAddresses(), rooms, options.clients(), options.postsPerSecond())) {
                load.start();
                long step = options.stepDuration().toMillis();

                progress.accept("step 1: steady load for " + step / 1000 + " s");
                Thread.sleep(step);
                verify("steady load", null, pool, "primary", load, rooms, DrillCheck.RecoveryPoint.NONE, "");

                progress.accept("step 2: load, then kill -9 of the primary database");
                Thread.sleep(step / 2);
                Instant killed = Instant.now();
                databases.kill("primary");
                await("dc1 on the mirror", () -> dc1.stream().allMatch(id -> writer(pool, id).equals("MIRROR")));
                String took = "writes on the mirror after " + Duration.between(killed, Instant.now()).toMillis() + " ms"
                        + note(databases.afterMirrorTakeover());
                Thread.sleep(step);
                verify("mirror takeover", killed, pool, "mirror", load, rooms, DrillCheck.RecoveryPoint.NONE, took);

                progress.accept("step 3: load, then kill -9 of data center 1 (the mirror, which writes now, and its"
                        + " nodes); pool failover --to dc2 on " + dc2.get(0));
                Thread.sleep(step / 2);
                databases.kill("mirror");
                for (String id : dc1) {
                    pool.killNode(id);
                }
                killed = Instant.now();
                JsonNode failover = pool.admin(dc2.get(0)).post("/pool/failover",
                        AdminClient.JSON.createObjectNode().put("to", "dc2").put("waitSeconds", 30)).json();
                String reported = failover.path("oldPrimaryReadable").asBoolean()
                        ? failover.path("lostMessages").asLong() + " unshipped messages reported"
                        : "old side unreadable: recovery point = what the backup held, " + failover.path("shippedThrough");
                Thread.sleep(step);
                verify("failover to dc2", killed, pool, "backup", load, rooms, recoveryPoint(failover), "command "
                        + failover.path("switchMillis").asLong() + " ms; " + reported);

                progress.accept("step 4: dc1's databases back, pool failback on " + dc2.get(0) + ", then dc1's nodes restarted");
                Instant back = Instant.now();
                String restored = databases.restoreDataCenter1();
                JsonNode failback = awaitFailback(pool.admin(dc2.get(0)));
                String afterFailback = databases.afterFailback();
                for (String id : dc1) {
                    pool.startNode(id);
                }
                await("dc1 active again", () -> dc1.stream().allMatch(id -> active(pool, id, dc1)));
                Thread.sleep(Math.max(step, Duration.ofSeconds(13).toMillis())); // dc2's drain period (10 s) and the reconnections
                String sides = failback.path("differences").isEmpty() ? "both sides equal"
                        : "DIFFERENCES " + failback.path("differences");
                verify("failback to dc1", back, pool, "primary", load, rooms, DrillCheck.RecoveryPoint.NONE,
                        databases.pchatReplicates() ? failback.path("shippedBack").asLong() + " shipped back, " + sides
                                + ", discarded " + failback.path("discarded") + ", only on the retired mirror "
                                + failback.path("onMirror")
                                : restored + "; failback (catch-up, fence, promotion) "
                                + failback.path("switchMillis").asLong() + " ms, " + sides + note(afterFailback));

                String inStep;
                Instant rebuilt = Instant.now();
                if (databases.pchatReplicates()) {
                    progress.accept("step 5: pool mirror rebuild on " + dc1.get(0) + ", until every dc1 node's copies are in step");
                    JsonNode rebuild = pool.admin(dc1.get(0)).post("/pool/mirror/rebuild", null).json();
                    await("the rebuilt mirror in step on every dc1 node", () -> dc1.stream()
                            .allMatch(id -> pool.poolOf(id).map(p -> p.path("mirror").path("state").asText()).orElse("")
                                    .equals("IN_SYNC")));
                    inStep = "mirror rebuilt (" + rebuild.path("copied").asLong() + " messages, " + rebuild.path("millis")
                            .asLong() + " ms) and in step after " + Duration.between(rebuilt, Instant.now()).toMillis() + " ms";
                } else {
                    progress.accept("step 5: pool mirror rebuild on " + dc1.get(0) + ": checks the mirror the failback"
                            + " rebuilt streams synchronously and has caught up");
                    JsonNode rebuild = pool.admin(dc1.get(0)).post("/pool/mirror/rebuild", null).json();
                    inStep = "mirror checked in " + Duration.between(rebuilt, Instant.now()).toMillis() + " ms: "
                            + rebuild.path("progress").path(rebuild.path("progress").size() - 1).asText();
                }
                Thread.sleep(step);
                verify("mirror rebuilt", null, pool, "primary", load, rooms, DrillCheck.RecoveryPoint.NONE, inStep);

                progress.accept("step 6: load, then kill -9 of the primary database again");
                Thread.sleep(step / 2);
                killed = Instant.now();
                databases.kill("primary");
                await("dc1 on the mirror again", () -> dc1.stream().allMatch(id -> writer(pool, id).equals("MIRROR")));
                took = "writes on the mirror after " + Duration.between(killed, Instant.now()).toMillis() + " ms; "
                        + load.reconnects() + " client reconnects in all";
                Thread.sleep(step);
                verify("second takeover", killed, pool, "mirror", load, rooms, DrillCheck.RecoveryPoint.NONE, took);
            }
        }
        return steps;
    }

    /** The failback, retried while the primary is still coming up (the call answers 503 or 409 meanwhile). */
    private JsonNode awaitFailback(AdminClient admin) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                ObjectNode body = AdminClient.JSON.createObjectNode();
                body.putArray("activeNodes");
                return admin.post("/pool/failback", body).json();
            } catch (AdminFailure e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("drill: the failback did not succeed within " + WAIT + ": " + e.getMessage());
                }
                progress.accept("  failback not yet: " + e.getMessage());
                Thread.sleep(1_000);
            }
        }
    }

    private List<RoomUri> createRooms(AdminClient admin) throws Exception {
        List<RoomUri> rooms = new ArrayList<>();
        for (int i = 1; i <= options.rooms(); i++) {
            JsonNode room = admin.post("/rooms", AdminClient.JSON.createObjectNode().put("name", "drill-" + i)
                    .put("privacy", "open")).json();
            rooms.add(RoomUri.parse(room.path("uri").asText()).orElseThrow());
        }
        return rooms;
    }

    /** What {@code id} says of itself: active, and every dc1 node live. */
    private static boolean active(ProcessPool pool, String id, List<String> dc1) {
        return pool.poolOf(id).map(p -> p.path("role").asText().equals("active") && dc1.stream().allMatch(n -> {
            for (JsonNode m : p.path("members")) {
                if (m.path("id").asText().equals(n)) {
                    return m.path("live").asBoolean();
                }
            }
            return false;
        })).orElse(false);
    }

    private static String writer(ProcessPool pool, String id) {
        return pool.poolOf(id).map(p -> p.path("writer").asText()).orElse("");
    }

    /** The recovery point the failover's answer gives (see {@link DrillCheck.RecoveryPoint#ofFailover}). */
    static DrillCheck.RecoveryPoint recoveryPoint(JsonNode failover) {
        Map<String, List<MsgidRange>> lost = new HashMap<>();
        for (JsonNode loss : failover.path("lost")) {
            for (JsonNode r : loss.path("msgids")) {
                String[] bounds = r.asText().split("\\.\\.");
                lost.computeIfAbsent(loss.path("room").asText(), k -> new ArrayList<>())
                        .add(new MsgidRange(Long.parseLong(bounds[0]), Long.parseLong(bounds[bounds.length - 1])));
            }
        }
        Map<String, Long> through = new HashMap<>();
        failover.path("shippedThrough").properties().forEach(e -> through.put(e.getKey(), e.getValue().asLong()));
        return DrillCheck.RecoveryPoint.ofFailover(failover.path("oldPrimaryReadable").asBoolean(), lost, through);
    }

    /** Pauses the load, lets it settle, reads every room from {@code database} (the writer), checks, resumes. */
    private void verify(String name, Instant disruption, ProcessPool pool, String database, DrillLoad load, List<RoomUri> rooms,
            DrillCheck.RecoveryPoint recoveryPoint, String detail) throws Exception {
        load.pause();
        DrillCheck.settle(load);
        Map<String, List<LogRow>> stored = new HashMap<>();
        Map<String, List<MsgidGap>> recorded;
        try (Database db = pool.databases().open(database)) {
            for (RoomUri room : rooms) {
                stored.put(room.id(), db.inTransaction(c -> MessageRows.readAfter(c, room.id(), 0, Integer.MAX_VALUE)));
            }
            recorded = db.inTransaction(MsgidGaps::all);
        }
        Drill.Step step = check.check(name, disruption, load, stored, recorded, recoveryPoint, detail);
        steps.add(step);
        progress.accept(Drill.describe(step));
        load.resume();
    }

    /** A note of the databases' administrator for the table, "; "-separated; nothing when empty. */
    private static String note(String note) {
        return note.isEmpty() ? "" : "; " + note;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("drill: " + what + " did not happen within " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
