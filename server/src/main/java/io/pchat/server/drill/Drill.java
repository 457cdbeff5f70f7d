package io.pchat.server.drill;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.node.ChatNode;
import io.pchat.server.pool.PoolOperations;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageRows;
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
 * longest pause in acknowledged posts after it, see {@link #recovery}).
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

    /** One row of the drill's table. */
    public record Step(String name, long acknowledged, long lost, long duplicated, long gaps, Long recoveryMillis,
            String detail) {
    }

    private final Options options;
    private final Consumer<String> progress;
    private final List<Step> steps = new ArrayList<>();
    private long ackedBefore;
    private long lostBefore;
    private long duplicatedBefore;
    private long gapsBefore;

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
                verify("steady load", null, pool, load, rooms, "");

                progress.accept("step 2: load, then killing the primary database");
                Thread.sleep(options.stepDuration().toMillis() / 2); // the load runs when the blow falls
                Instant killed = Instant.now();
                pool.killDatabase("primary");
                awaitCondition("the pool on the mirror", () -> dc1.stream()
                        .allMatch(id -> pool.node(id).pool().view().writer() == EndpointRole.MIRROR));
                String took = "writes on the mirror after " + Duration.between(killed, Instant.now()).toMillis() + " ms";
                Thread.sleep(options.stepDuration().toMillis());
                verify("mirror takeover", killed, pool, load, rooms, took);

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
                verify("failover to dc2", killed, pool, load, rooms, "command " + failover.switchTime().toMillis()
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
                verify("failback to dc1", back, pool, load, rooms, failback.report().shipped() + " shipped back, "
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
    private void verify(String name, Instant disruption, DrillPool pool, DrillLoad load, List<RoomUri> rooms, String detail)
            throws Exception {
        load.pause();
        settle(load);
        ChatNode reader = activeNode(pool);
        Map<String, List<LogRow>> stored = new HashMap<>();
        for (RoomUri room : rooms) {
            stored.put(room.id(), reader.store().endpoints().read(c -> MessageRows.readAfter(c, room.id(), 0, Integer.MAX_VALUE)));
        }
        // clients catch up to what is stored (bounded)
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && !caughtUp(load, stored)) {
            Thread.sleep(100);
        }
        List<DrillLoad.Ack> acks = load.acks();
        long lost = 0;
        long duplicated = 0;
        long gaps = 0;
        for (RoomUri room : rooms) {
            List<LogRow> rows = stored.get(room.id());
            Map<String, Integer> texts = new HashMap<>();
            long expected = 1;
            for (LogRow row : rows) {
                texts.merge(row.message().text(), 1, Integer::sum);
                long id = row.message().msgid();
                gaps += Math.max(0, id - expected);
                expected = id + 1;
            }
            duplicated += texts.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
            for (DrillLoad.Ack ack : acks) {
                if (ack.room().equals(room.id()) && !texts.containsKey(ack.text())) {
                    lost++;
                }
            }
            for (int c = 0; c < load.clientCount(); c++) {
                for (LogRow row : rows) {
                    // never received, or received as another message (a lost one whose msgid was given again)
                    if (!row.message().text().equals(load.textOf(c, room.id(), row.message().msgid()))) {
                        gaps++;
                    }
                }
            }
        }
        Long recovery = disruption == null ? null : recovery(acks, disruption);
        Step step = new Step(name, acks.size() - ackedBefore, lost - lostBefore, duplicated - duplicatedBefore, gaps - gapsBefore,
                recovery, detail);
        ackedBefore = acks.size();
        lostBefore = lost;
        duplicatedBefore = duplicated;
        gapsBefore = gaps;
        steps.add(step);
        progress.accept(String.format("  %s: %d acknowledged, %d lost, %d duplicated, %d gaps%s%s", name, step.acknowledged(),
                step.lost(), step.duplicated(), step.gaps(), recovery == null ? "" : ", recovered in " + recovery + " ms",
                detail.isEmpty() ? "" : " (" + detail + ")"));
        load.resume();
    }

    /**
     * The recovery time: from the disruption to the end of the longest pause in acknowledged posts
     * that followed it (posts in flight when the disruption began may still be acknowledged just
     * after it: they do not count as recovery). Null when no post was acknowledged after it.
     */
    static Long recovery(List<DrillLoad.Ack> acks, Instant disruption) {
        List<Instant> after = acks.stream().map(DrillLoad.Ack::at).filter(t -> t.isAfter(disruption)).sorted().toList();
        if (after.isEmpty()) {
            return null;
        }
        Instant previous = disruption;
        Instant endOfLongest = after.get(0);
        long longest = -1;
        for (Instant t : after) {
            long pause = Duration.between(previous, t).toMillis();
            if (pause > longest) {
                longest = pause;
                endOfLongest = t;
            }
            previous = t;
        }
        return Duration.between(disruption, endOfLongest).toMillis();
    }

    private static boolean caughtUp(DrillLoad load, Map<String, List<LogRow>> stored) {
        for (Map.Entry<String, List<LogRow>> room : stored.entrySet()) {
            if (room.getValue().isEmpty()) {
                continue;
            }
            long last = room.getValue().get(room.getValue().size() - 1).message().msgid();
            for (int c = 0; c < load.clientCount(); c++) {
                if (load.lastReceived(c, room.getKey()) < last) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Waits until the acknowledged count has not moved for a second (the in-flight posts resolved), at most 30 s. */
    private static void settle(DrillLoad load) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int last = -1;
        int still = 0;
        while (System.nanoTime() < deadline && still < 10) {
            int now = load.acks().size();
            still = now == last ? still + 1 : 0;
            last = now;
            Thread.sleep(100);
        }
    }

    private static ChatNode activeNode(DrillPool pool) {
        return pool.members().stream().map(m -> pool.node(m.id())).filter(n -> n != null && n.pool().view().selfActive())
                .findFirst().orElseThrow(() -> new IllegalStateException("no active node to read the rooms from"));
    }

    private void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("drill: " + what + " did not happen within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
