package io.pchat.server.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MsgidGap;
import io.pchat.storage.replication.MsgidRange;

/**
 * The drill's verification after each step: every room's stored sequence (read from the pool's
 * writing database) against what the load's clients were acknowledged and what they received.
 * Counts are kept running so that each step reports its own.
 *
 * <p>Per step: <b>lost</b>, acknowledged posts that are not stored; <b>beyond the recovery
 * point</b>, those of them that no failover's recovery point covers (only a failover may lose
 * posts, and only the ones its report covers: once forgiven there, a post is not counted again);
 * <b>duplicated</b>, texts stored twice; <b>gaps</b>, holes in a room's msgids that are not a
 * recorded gap (msgids a failover skipped) plus stored messages some client never received;
 * <b>reused</b>, stored messages some client received under the same msgid as another text: a
 * failover resumes numbering beyond what the lost side handed out, so this must be 0 always.
 */
final class DrillCheck {

    /** Whether an acknowledged post that is not stored is within a failover's recovery point. */
    @FunctionalInterface
    interface RecoveryPoint {
        RecoveryPoint NONE = (room, msgid) -> false;

        /** {@code msgid}: the msgid under which a client received the post, when one did. */
        boolean covers(String room, OptionalLong msgid);

        /**
         * What a failover's report says may be lost: the msgids it names per room when the old
         * side was read ({@code lost}); else everything above what the backup held per room
         * ({@code shippedThrough}). A lost post that no client received is covered only in the second case.
         */
        static RecoveryPoint ofFailover(boolean oldSideRead, Map<String, List<MsgidRange>> lost,
                Map<String, Long> shippedThrough) {
            if (oldSideRead) {
                return (room, msgid) -> msgid.isPresent() && lost.getOrDefault(room, List.of()).stream()
                        .anyMatch(r -> r.first() <= msgid.getAsLong() && msgid.getAsLong() <= r.last());
            }
            return (room, msgid) -> msgid.isEmpty() || msgid.getAsLong() > shippedThrough.getOrDefault(room, 0L);
        }
    }

    private final Set<String> forgiven = new HashSet<>();
    /** Lost posts already counted beyond the recovery point (counted once). */
    private final Set<String> reported = new HashSet<>();
    /** Texts already named as stored twice (named once). */
    private final Set<String> namedDuplicates = new HashSet<>();
    private long ackedBefore;
    private long lostBefore;
    private long duplicatedBefore;
    private long gapsBefore;
    private long reusedBefore;

    /** Checks the rooms as {@code stored}; the load is paused by the caller and is waited for to catch up. */
    Drill.Step check(String name, Instant disruption, DrillLoad load, Map<String, List<LogRow>> stored,
            Map<String, List<MsgidGap>> recordedGaps, RecoveryPoint recoveryPoint, String detail) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && !caughtUp(load, stored)) {
            Thread.sleep(100);
        }
        List<DrillLoad.Ack> acks = load.acks();
        long lost = 0;
        long beyond = 0;
        long duplicated = 0;
        long gaps = 0;
        long reused = 0;
        List<String> lostNow = new ArrayList<>();
        List<String> duplicatedNow = new ArrayList<>();
        for (Map.Entry<String, List<LogRow>> room : stored.entrySet()) {
            List<LogRow> rows = room.getValue();
            Map<String, List<Long>> texts = new HashMap<>();
            long expected = 1;
            List<MsgidGap> skipped = recordedGaps.getOrDefault(room.getKey(), List.of());
            for (LogRow row : rows) {
                texts.computeIfAbsent(row.message().text(), k -> new ArrayList<>()).add(row.message().msgid());
                long id = row.message().msgid();
                long hole = Math.max(0, id - expected);
                for (MsgidGap g : skipped) { // a recorded gap is not a hole: those msgids name no message
                    long lo = Math.max(g.first(), expected);
                    long hi = Math.min(g.last(), id - 1);
                    hole -= Math.max(0, hi - lo + 1);
                }
                gaps += Math.max(0, hole);
                expected = id + 1;
            }
            for (Map.Entry<String, List<Long>> text : texts.entrySet()) {
                if (text.getValue().size() > 1) {
                    duplicated += text.getValue().size() - 1;
                    if (namedDuplicates.add(text.getKey())) {
                        duplicatedNow.add(text.getKey() + " (msgids " + text.getValue() + ")");
                    }
                }
            }
            for (DrillLoad.Ack ack : acks) {
                if (!ack.room().equals(room.getKey()) || texts.containsKey(ack.text())) {
                    continue;
                }
                lost++;
                if (forgiven.contains(ack.text()) || reported.contains(ack.text())) {
                    continue;
                }
                OptionalLong msgid = load.receivedMsgid(ack.room(), ack.text());
                String which = ack.text() + (msgid.isPresent() ? " (msgid " + msgid.getAsLong() + ")" : " (never received)");
                if (recoveryPoint.covers(ack.room(), msgid)) {
                    forgiven.add(ack.text());
                    lostNow.add(which);
                } else {
                    beyond++;
                    reported.add(ack.text());
                    lostNow.add(which + " BEYOND the recovery point");
                }
            }
            for (int c = 0; c < load.clientCount(); c++) {
                for (LogRow row : rows) {
                    String received = load.textOf(c, room.getKey(), row.message().msgid());
                    if (received == null) {
                        gaps++; // never received
                    } else if (!received.equals(row.message().text())) {
                        reused++; // received as another message: no msgid may ever name two
                    }
                }
            }
        }
        Long recovery = disruption == null ? null : recovery(acks, disruption);
        Drill.Step step = new Drill.Step(name, acks.size() - ackedBefore, lost - lostBefore, beyond,
                duplicated - duplicatedBefore, gaps - gapsBefore, reused - reusedBefore, recovery,
                detail + (lostNow.isEmpty() ? "" : "; lost: " + String.join(", ", lostNow))
                        + (duplicatedNow.isEmpty() ? "" : "; duplicated: " + String.join(", ", duplicatedNow)));
        ackedBefore = acks.size();
        lostBefore = lost;
        duplicatedBefore = duplicated;
        gapsBefore = gaps;
        reusedBefore = reused;
        return step;
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

    /** Waits until the acknowledged count has not moved for a second (the in-flight posts resolved), at most 60 s. */
    static void settle(DrillLoad load) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int last = -1;
        int still = 0;
        while (System.nanoTime() < deadline && still < 10) {
            int now = load.acks().size();
            still = now == last && load.inFlight() == 0 ? still + 1 : 0;
            last = now;
            Thread.sleep(100);
        }
    }
}
