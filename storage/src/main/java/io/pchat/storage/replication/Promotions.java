package io.pchat.storage.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.StorageException;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.MsgidGap;
import io.pchat.storage.log.MsgidGaps;
import io.pchat.storage.pool.PoolEpoch;

/**
 * The switch-overs of built-in replication. Each final switch runs on the log's writer thread
 * between two batches ({@link MessageLog#betweenBatches}): no batch is in flight while the
 * writing endpoint, the epoch and the room counters change, and the first batch after it is
 * numbered from the new writer's MAX(msgid). The new epoch is one above every epoch known (this
 * node's and the endpoints' that answer), and written first on the endpoints being left, so that
 * whatever still writes there under the old epoch is refused from then on.
 */
final class Promotions {
    private static final Logger log = LoggerFactory.getLogger(Promotions.class);

    private final Endpoints endpoints;
    private final PoolEpoch epoch;
    private final MessageLog messageLog;

    Promotions(Endpoints endpoints, PoolEpoch epoch, MessageLog messageLog) {
        this.endpoints = endpoints;
        this.epoch = epoch;
        this.messageLog = messageLog;
    }

    /** Mirror takeover; on the writer thread. Refused if the mirror is not in sync (acknowledged messages would be lost). */
    long promoteMirror(Mirror mirror) {
        Database target = mirror.database();
        Database old = endpoints.writer();
        if (old == target) {
            throw new StorageException("the mirror already takes the writes");
        }
        if (mirror.state() != MirrorState.IN_SYNC) {
            throw new StorageException("the mirror is " + mirror.state()
                    + ": promoting it would lose acknowledged messages; restore the primary or fail over");
        }
        long targetEpoch = target.epoch();
        OptionalLong oldEpoch = Epochs.tryRead(old);
        long next = Math.max(epoch.current(), Math.max(targetEpoch, oldEpoch.orElse(0))) + 1;
        mirror.retire();
        if (oldEpoch.isPresent()) {
            Epochs.tryRaise(old, next, Epochs.RETIRED); // fence the old primary when it still answers
        }
        Epochs.raise(target, next, null);
        switchTo(target, next);
        log.warn("mirror takeover: {} is the writer at epoch {}", target.name(), next);
        return next;
    }

    /**
     * External replication on PostgreSQL: promotes the standby {@code target} ({@code pg_promote}),
     * raises the pool epoch on it, fences the old writer when it answers, and makes it the writer;
     * on the writer thread. Returns the new epoch.
     */
    long promoteStandby(Database target) {
        Database old = endpoints.writer();
        if (old == target) {
            throw new StorageException(target.name() + " takes the writes already");
        }
        Standbys.promote(target);
        long next = Math.max(epoch.current(), Math.max(Epochs.tryRead(target).orElse(0), Epochs.tryRead(old).orElse(0))) + 1;
        Epochs.raise(target, next, Epochs.NORMAL);
        boolean fenced = Epochs.tryRaise(old, next, Epochs.RETIRED);
        target.evictConnections(); // connections opened while it was a standby
        switchTo(target, next);
        log.warn("promoted the standby {} (pg_promote): the writer at epoch {}; the old writer {}", target.name(), next,
                fenced ? "is retired" : "does not answer (it is retired if it comes back and a node reaches it)");
        return next;
    }

    /**
     * Failover to the backup; on the writer thread, with shipping paused. {@code promoteStandby}:
     * the backup is a PostgreSQL standby (external replication), promoted with {@code pg_promote}
     * once the old side is fenced, before it takes the pool's epoch.
     */
    FailoverReport promoteBackup(Database backup, Mirror mirror, boolean promoteStandby) {
        Database old = endpoints.writer();
        if (old == backup) {
            throw new StorageException("the backup already takes the writes");
        }
        long backupEpoch = backup.epoch();
        OptionalLong oldEpoch = Epochs.tryRead(old);
        long next = Math.max(epoch.current(), Math.max(backupEpoch, oldEpoch.orElse(0))) + 1;
        if (mirror != null) {
            mirror.standDown();
        }
        if (promoteStandby) {
            // first, so that the fence below cannot stream to it from an old primary that still answers
            Standbys.promote(backup);
        }
        // A surviving mirror must not be promoted later (when it is the writer being left, it is fenced below).
        endpoints.mirror().filter(m -> m != old).ifPresent(m -> Epochs.tryRaise(m, next, Epochs.RETIRED));
        // Freeze both sides before measuring: the old primary takes no more appends, the backup no more shipping.
        boolean oldFenced = oldEpoch.isPresent() && Epochs.tryRaise(old, next, Epochs.RETIRED);
        Epochs.raise(backup, next, Epochs.FAILED_OVER);
        List<RoomLoss> lost = List.of();
        if (oldFenced) {
            try {
                lost = unshipped(old, backup);
            } catch (StorageException e) {
                log.warn("old primary stopped answering while the loss was measured: {}", e.getMessage());
                oldFenced = false;
            }
        }
        Map<String, Long> shippedThrough = backup.inTransaction(MessageRows::maxPerRoom);
        Map<String, MsgidGap> skipped = skipBeyondTheLostSide(old, oldFenced, backup, next);
        switchTo(backup, next);
        FailoverReport report = new FailoverReport(next, oldFenced, lost, shippedThrough, skipped);
        log.warn("failover: {} is the writer at epoch {}; {}; numbering resumes beyond the lost side, skipping {}",
                backup.name(), next, oldFenced ? report.lostMessages() + " messages were not shipped: " + lost
                        : "old primary unreadable: what was not shipped is unknown; shipped through " + shippedThrough,
                skipped);
        return report;
    }

    /**
     * So that no msgid ever names two messages: on the backup, each room's numbering resumes beyond
     * every msgid the lost side may have handed out (the old primary's last, when it was read;
     * else the backup's last plus {@code storage.failoverMsgidMargin}), and the skipped range is
     * recorded (history says those msgids do not exist). Returns the gaps recorded, by room.
     */
    private Map<String, MsgidGap> skipBeyondTheLostSide(Database old, boolean oldFenced, Database backup, long next) {
        Map<String, Long> backupLast = lastUsed(backup);
        Map<String, Long> beyond = new TreeMap<>();
        boolean oldRead = oldFenced;
        if (oldRead) {
            try {
                beyond.putAll(lastUsed(old));
            } catch (StorageException e) {
                oldRead = false; // gone since it was fenced: what it handed out is not known
            }
        }
        if (!oldRead) {
            long margin = endpoints.config().failoverMsgidMargin();
            Set<String> rooms = new TreeSet<>(backupLast.keySet());
            rooms.addAll(backup.inTransaction(c -> Jdbc.list(c, "SELECT id FROM room", rs -> rs.getString(1))));
            for (String room : rooms) {
                beyond.put(room, backupLast.getOrDefault(room, 0L) + margin);
            }
        }
        Map<String, MsgidGap> skipped = new TreeMap<>();
        beyond.forEach((room, last) -> {
            long from = backupLast.getOrDefault(room, 0L) + 1;
            if (last >= from) {
                skipped.put(room, new MsgidGap(from, last));
            }
        });
        if (!skipped.isEmpty()) {
            Instant now = Instant.now();
            backup.inFencedTransaction(next, c -> {
                for (Map.Entry<String, MsgidGap> gap : skipped.entrySet()) {
                    MsgidGaps.record(c, gap.getKey(), gap.getValue(), now);
                }
                return null;
            });
        }
        return skipped;
    }

    /** Per room, the last msgid it used: the highest stored or, when higher, its floor. */
    private static Map<String, Long> lastUsed(Database db) {
        return db.inTransaction(c -> {
            Map<String, Long> last = new HashMap<>(MessageRows.maxPerRoom(c));
            MsgidGaps.floors(c).forEach((room, floor) -> last.merge(room, floor, Math::max));
            return last;
        });
    }

    /**
     * Per room, the msgids {@code writer} holds above the backup's last one: what an engine's own
     * replication (which keeps no ship ledger) has not brought to the backup yet.
     */
    static List<RoomLoss> beyondBackup(Database writer, Database backup) {
        Map<String, Long> onBackup = backup.inTransaction(MessageRows::maxPerRoom);
        List<RoomLoss> lost = new ArrayList<>();
        for (Map.Entry<String, Long> room : new TreeMap<>(writer.inTransaction(MessageRows::maxPerRoom)).entrySet()) {
            String roomId = room.getKey();
            long from = onBackup.getOrDefault(roomId, 0L);
            if (room.getValue() <= from) {
                continue; // nothing above the backup's last: no query
            }
            List<Long> ids = writer.inTransaction(c -> MessageRows.msgidsAfter(c, roomId, from));
            if (!ids.isEmpty()) {
                lost.add(RoomLoss.of(roomId, ids));
            }
        }
        return lost;
    }

    /** Per room, the msgids the old primary holds above its last shipped position that the backup lacks. */
    static List<RoomLoss> unshipped(Database old, Database backup) {
        Map<String, Long> positions = ShipLedger.positions(old, Shipper.TARGET);
        List<RoomLoss> lost = new ArrayList<>();
        for (String roomId : new TreeSet<>(LogCopier.rooms(old, backup))) {
            long from = positions.getOrDefault(roomId, 0L);
            List<Long> missing = MsgidRange.missing(old.inTransaction(c -> MessageRows.msgidsAfter(c, roomId, from)),
                    backup.inTransaction(c -> MessageRows.msgidsAfter(c, roomId, from)));
            if (!missing.isEmpty()) {
                lost.add(RoomLoss.of(roomId, missing));
            }
        }
        return lost;
    }

    /**
     * Failback, step 1 (off the writer thread): every message of the primary that the backup does
     * not hold as it is (never shipped before the failover, or its msgid since given to another
     * message in the other data center) is removed from the primary, whole rooms compared from
     * msgid 1; holes are filled from the backup. The backup's history is the pool's.
     */
    /** What the first step of a failback did: messages removed from the primary, and holes filled in it. */
    record Reconciled(List<RoomLoss> discarded, long filled) {
    }

    Reconciled reconcile(Database primary, Database backup) {
        primary.migrate();
        List<RoomLoss> discarded = new ArrayList<>();
        long filled = 0;
        for (LogComparison.RoomDiff diff : LogComparison.compareAll(backup, primary)) {
            List<Long> stale = diff.notAsOnSource();
            if (!stale.isEmpty()) {
                deleteMessages(primary, diff.roomId(), stale);
                discarded.add(RoomLoss.of(diff.roomId(), stale));
            }
            if (!diff.missing().isEmpty()) { // a hole below the primary's last msgid: the tail is copied after
                filled += LogCopier.copyRoom(backup, primary, epoch.current(), diff.roomId(), diff.missing().get(0) - 1,
                        last -> { });
            }
        }
        return new Reconciled(discarded, filled);
    }

    /**
     * Failback: what the mirror (left behind by the failover) holds that the backup does not hold
     * as it is: acknowledged in data center 1 and lost by the failover when the mirror was the
     * writer. Read for the report only; empty when it does not answer.
     */
    List<RoomLoss> onlyOn(Database replica, Database backup) {
        List<RoomLoss> only = new ArrayList<>();
        for (LogComparison.RoomDiff diff : LogComparison.compareAll(backup, replica)) {
            List<Long> ids = diff.notAsOnSource();
            if (!ids.isEmpty()) {
                only.add(RoomLoss.of(diff.roomId(), ids));
            }
        }
        return only;
    }

    /** Failback, step 3 (on the writer thread): last copy, new epoch on both, the primary writes again. */
    long returnToPrimary(Database primary, Database backup) {
        long next = Math.max(epoch.current(), Math.max(backup.epoch(), primary.epoch())) + 1;
        // From here nothing more commits on the backup, and a node still writing there finds it retired and follows.
        Epochs.raise(backup, next, Epochs.RETIRED);
        LogCopier.copyAll(backup, primary, next);
        GapCopier.copy(backup, primary, next); // the numbering the failover skipped stays skipped on the primary
        if (MetadataCopier.version(backup) != MetadataCopier.version(primary)) {
            MetadataCopier.copy(backup, primary, next);
        }
        Epochs.raise(primary, next, Epochs.NORMAL);
        switchTo(primary, next);
        // The backup is a backup again and holds everything: shipping goes on from here.
        for (Map.Entry<String, Long> room : backup.inTransaction(MessageRows::maxPerRoom).entrySet()) {
            ShipLedger.savePosition(primary, Shipper.TARGET, room.getKey(), room.getValue());
        }
        ShipLedger.recordShipped(primary, Shipper.TARGET, MetadataCopier.version(primary), Instant.now());
        log.warn("failback: {} is the writer again at epoch {}", primary.name(), next);
        return next;
    }

    /**
     * Failback on PostgreSQL (external replication), on the writer thread: the primary has been
     * rebuilt as a standby of the backup. The backup is fenced (retired at a new epoch: nothing
     * more commits there), the primary replays up to the backup's last WAL, is promoted
     * ({@code pg_promote}) and takes the pool at the epoch after. If it does not catch up within
     * {@code catchUp}, the backup is opened again (at the epoch after the fence) and the failback
     * fails: nothing was lost, the backup still writes.
     */
    long switchBackToStandby(Database primary, Database backup, Duration catchUp) {
        long fence = Math.max(epoch.current(), Math.max(backup.epoch(), Epochs.tryRead(primary).orElse(0))) + 1;
        Epochs.raise(backup, fence, Epochs.RETIRED);
        try {
            Standbys.awaitReplayed(primary, backup, catchUp);
        } catch (StorageException e) {
            Epochs.raise(backup, fence + 1, Epochs.FAILED_OVER);
            epoch.advanceTo(fence + 1);
            throw new StorageException("failback abandoned, the backup writes again: " + e.getMessage(), e);
        }
        Standbys.promote(primary);
        long next = fence + 1;
        Epochs.raise(primary, next, Epochs.NORMAL);
        primary.evictConnections(); // connections opened while it was a standby
        switchTo(primary, next);
        log.warn("failback: {} caught up with {} and was promoted (pg_promote): the writer again at epoch {}",
                primary.name(), backup.name(), next);
        return next;
    }

    /**
     * Per room, the msgids only one side holds, up to {@code through} (the backup's last msgid per
     * room when it stopped taking writes): what the primary sequenced after the switch is new, not
     * a difference.
     */
    static List<FailbackReport.RoomDifference> compare(Database primary, Database backup, Map<String, Long> through) {
        List<FailbackReport.RoomDifference> differences = new ArrayList<>();
        for (String roomId : new TreeSet<>(LogCopier.rooms(primary, backup))) {
            long last = through.getOrDefault(roomId, 0L);
            List<Long> a = primary.inTransaction(c -> MessageRows.msgidsAfter(c, roomId, 0)).stream().filter(id -> id <= last)
                    .toList();
            List<Long> b = backup.inTransaction(c -> MessageRows.msgidsAfter(c, roomId, 0)).stream().filter(id -> id <= last)
                    .toList();
            List<Long> onlyA = MsgidRange.missing(a, b);
            List<Long> onlyB = MsgidRange.missing(b, a);
            if (!onlyA.isEmpty() || !onlyB.isEmpty()) {
                differences.add(new FailbackReport.RoomDifference(roomId, MsgidRange.of(onlyA), MsgidRange.of(onlyB)));
            }
        }
        return differences;
    }

    private void switchTo(Database target, long next) {
        endpoints.switchWriter(target);
        epoch.advanceTo(next);
        messageLog.forgetAllRooms().join(); // on the writer thread: runs at once
    }

    private void deleteMessages(Database db, String roomId, List<Long> msgids) {
        ReplicaFence.apply(db, epoch.current(), c -> {
            try (var delete = c.prepareStatement("DELETE FROM chat_message WHERE room_id = ? AND msgid = ?")) {
                for (long id : msgids) {
                    delete.setString(1, roomId);
                    delete.setLong(2, id);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return null;
        });
    }
}
