package io.pchat.server.drill;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.node.ChatNode;
import io.pchat.server.pool.PoolOperations;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.MsgidGap;
import io.pchat.storage.log.MsgidGaps;
import io.pchat.storage.replication.FailoverReport;
import io.pchat.storage.replication.MsgidRange;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.RoomSpec;

/**
 * The failover drill ({@code pchat drill}): a whole stretched pool in one process
 * ({@link DrillPool}) under a client load ({@link DrillLoad}), taken through four steps: steady
 * load; the primary database killed (mirror takeover); data center 1 killed, nodes and databases,
 * and the pool failed over to dc2; dc1 brought back and the pool failed back. After each step the
 * load pauses, and every room's stored sequence is checked against what the clients were
 * acknowledged and what they received.
 *
 * <p>Per step (counts are that step's, not cumulative): acknowledged posts; lost (acknowledged
 * but not stored); duplicated (stored twice); gaps (holes in a room's msgids, plus stored
 * messages some client never received, or received as another message); recovery time (from the disruption to the end of the
 * longest pause in acknowledged posts after it, see {@code recoveryMillis}).
 */
public final class Drill {

    /** The drill's sizes and durations. */
    public record Options(int activeNodes, int idleNodes, int clients, int rooms, int postsPerSecond, Duration stepDuration,
            Duration shipInterval) {

        public Options {
            if (activeNodes < 1 || idleNodes < 1) {
                throw new IllegalArgumentException("active and idle: at least one node each");
            }
            if (clients < 1 || rooms < 1 || postsPerSecond < 1) {
                throw new IllegalArgumentException("clients, rooms and rate must be positive");
            }
        }

        public static Options defaults() {
            return new Options(2, 2, 4, 3, 20, Duration.ofSeconds(5), Duration.ofMillis(500));
        }
    }

    /**
     * One row of the drill's table (see {@link DrillCheck} for each count).
     *
     * @param beyondRecoveryPoint lost posts no failover's reported recovery point covers: must be 0
     * @param reused              msgids some client received as another message (a failover's lost posts excepted)
     */
    public record Step(String name, long acknowledged, long lost, long beyondRecoveryPoint, long duplicated, long gaps,
            long reused, Long recoveryMillis, String detail) {

        /** Whether the step kept the drill's promises: nothing lost beyond a recovery point, nothing stored twice, no msgid reused. */
        public boolean passed() {
            return beyondRecoveryPoint == 0 && duplicated == 0 && reused == 0 && !detail.contains("DIFFERENCES");
        }
    }

    private final Options options;
    private final Consumer<String> progress;
    private final List<Step> steps = new ArrayList<>();
    private final DrillCheck check = new DrillCheck();

    private Drill(Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs the whole drill under {@code dir}; ends by itself; returns the table's rows. */
    public static List<Step> run(Path dir, Options options, Consumer<String> progress) throws Exception {
        return new Drill(options, progress).run(dir);
    }

    private List<Step> run(Path dir) throws Exception {
        DrillPool.Shape shape = new DrillPool.Shape(options.activeNodes(), options.idleNodes(), options.shipInterval(),
                Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1));
        progress.accept("starting the pool: " + options.activeNodes() + " active nodes in dc1, " + options.idleNodes()
                + " idle in dc2, primary + mirror (dc1) and backup (dc2) databases");
        try (DrillPool pool = new DrillPool(dir, shape).start()) {
            List<String> dc1 = pool.members("dc1");
            List<String> dc2 = pool.members("dc2");
            awaitCondition("dc1 nodes active", () -> pool.node(dc1.get(0)).pool().view().liveActive().size() == dc1.size());
            List<RoomUri> rooms = createRooms(pool.node(dc1.get(0)));
            progress.accept("connecting " + options.clients() + " clients to " + rooms.size() + " rooms");
            try (DrillLoad load = new DrillLoad(pool.sipAddresses(), rooms, options.clients(), options.postsPerSecond())) {
                load.start();

                progress.accept("step 1: steady load for " + options.stepDuration().toSeconds() + " s");
                Thread.sleep(options.stepDuration().toMillis());
                verify("steady load", null, pool, load, rooms, DrillCheck.RecoveryPoint.NONE, "");

                progress.accept("step 2: load, then killing the primary database");
                Thread.sleep(options.stepDuration().toMillis() / 2); // the load runs when the blow falls
                Instant killed = Instant.now();
                pool.killDatabase("primary");
                awaitCondition("the pool on the mirror", () -> dc1.stream()
                        .allMatch(id -> pool.node(id).pool().view().writer() == EndpointRole.MIRROR));
                String took = "writes on the mirror after " + Duration.between(killed, Instant.now()).toMillis() + " ms";
                Thread.sleep(options.stepDuration().toMillis());
                verify("mirror takeover", killed, pool, load, rooms, DrillCheck.RecoveryPoint.NONE, took);

                progress.accept("step 3: load, then killing data center 1 (its nodes and databases), failing over to dc2");
                Thread.sleep(options.stepDuration().toMillis() / 2);
                // The database first: what dc1 acknowledged but had not shipped yet is lost, as in a real
                // loss of the data center (stopping the nodes first would let them ship on the way out).
                pool.killDatabase("mirror");
                dc1.forEach(pool::killNode);
                killed = Instant.now(); // dc1 is gone from here

                ChatNode operator = pool.node(dc2.get(0));
                PoolOperations.Failover failover = new PoolOperations(operator.pool(), operator.store(), Clock.systemUTC())
                        .failover("dc2", Duration.ofSeconds(30));
                String reported = failover.report().oldPrimaryReadable()
                        ? failover.report().lostMessages() + " unshipped messages reported"
                        : "old side unreadable, the backup held " + failover.report().shippedThrough().values().stream()
                                .mapToLong(Long::longValue).sum() + " messages";
                Thread.sleep(options.stepDuration().toMillis());
                verify("failover to dc2", killed, pool, load, rooms, recoveryPoint(failover.report()), "command " + failover.switchTime().toMillis()
                        + " ms; " + reported);

                progress.accept("step 4: bringing dc1 back and failing back");
                Instant back = Instant.now();
                pool.startDatabase("primary");
                pool.startDatabase("mirror");
                awaitCondition("the primary reachable from dc2", () -> {
                    operator.store().endpoints().primary().evictConnections();
                    return operator.store().endpoints().primary().isReachable();
                });
                PoolOperations.Failback failback = new PoolOperations(operator.pool(), operator.store(), Clock.systemUTC())
                        .failback(List.of());
                for (String id : dc1) {
                    pool.startNode(id);
                }
                awaitCondition("dc1 active again", () -> pool.node(dc1.get(0)).pool().view().liveActive().size() == dc1.size()
                        && !operator.pool().view().selfActive());
                Thread.sleep(Math.max(options.stepDuration().toMillis(), shape.drainPeriod().toMillis() + 3_000));
                verify("failback to dc1", back, pool, load, rooms, DrillCheck.RecoveryPoint.NONE, failback.report().shipped() + " shipped back, "
                        + (failback.report().differences().isEmpty() ? "both sides equal" : "DIFFERENCES " + failback.report()
                                .differences()) + "; " + load.reconnects() + " client reconnects in all");
            }
        }
        return steps;
    }

    private List<RoomUri> createRooms(ChatNode node) {
        Category root = node.store().categories().root().orElseThrow();
        List<RoomUri> rooms = new ArrayList<>();
        for (int i = 1; i <= options.rooms(); i++) {
            var room = node.store().rooms().create(RoomSpec.named("drill-" + i, root.id()).withPrivacy(Privacy.OPEN));
            rooms.add(RoomUri.of(DrillPool.DOMAIN, room.id()));
        }
        return rooms;
    }

    /** Pauses the load, lets it settle, checks every room, resumes. */
    private void verify(String name, Instant disruption, DrillPool pool, DrillLoad load, List<RoomUri> rooms,
            DrillCheck.RecoveryPoint recoveryPoint, String detail) throws Exception {
        load.pause();
        DrillCheck.settle(load);
        ChatNode reader = activeNode(pool);
        Map<String, List<LogRow>> stored = new HashMap<>();
        for (RoomUri room : rooms) {
            stored.put(room.id(), reader.store().endpoints().read(c -> MessageRows.readAfter(c, room.id(), 0, Integer.MAX_VALUE)));
        }
        Map<String, List<MsgidGap>> recorded = reader.store().endpoints().read(MsgidGaps::all);
        Step step = check.check(name, disruption, load, stored, recorded, recoveryPoint, detail);
        steps.add(step);
        progress.accept(describe(step));
        load.resume();
    }

    /** The progress line of a checked step. */
    static String describe(Step step) {
        return String.format("  %s: %d acknowledged, %d lost (%d beyond the recovery point), %d duplicated, %d gaps,"
                + " %d msgids reused%s%s", step.name(), step.acknowledged(), step.lost(), step.beyondRecoveryPoint(),
                step.duplicated(), step.gaps(), step.reused(),
                step.recoveryMillis() == null ? "" : ", recovered in " + step.recoveryMillis() + " ms",
                step.detail().isEmpty() ? "" : " (" + step.detail() + ")");
    }

    /** The recovery point a failover's report gives (see {@link DrillCheck.RecoveryPoint#ofFailover}). */
    static DrillCheck.RecoveryPoint recoveryPoint(FailoverReport report) {
        Map<String, List<MsgidRange>> lost = new HashMap<>();
        report.lost().forEach(l -> lost.put(l.roomId(), l.ranges()));
        return DrillCheck.RecoveryPoint.ofFailover(report.oldPrimaryReadable(), lost, report.shippedThrough());
    }

    private static ChatNode activeNode(DrillPool pool) {
        return pool.members().stream().map(m -> pool.node(m.id())).filter(n -> n != null && n.pool().view().selfActive())
                .findFirst().orElseThrow(() -> new IllegalStateException("no active node to read the rooms from"));
    }

    private void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("drill: " + what + " did not happen within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
