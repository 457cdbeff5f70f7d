package io.pchat.storage.replication;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.pchat.storage.db.Database;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.StoredMessage;

/**
 * Compares the message log of a replica with its source's own content, room by room, row by row
 * (msgid, timestamp, author, text, alert, story title), up to the replica's last msgid in the
 * room: what the source committed after that is the replica's tail to copy, not a difference.
 * Reads both sides in chunks of {@link LogCopier#CHUNK} rows. Stateless.
 *
 * <p>This is what "the mirror is in step" rests on: a copy finishing says nothing about rows the
 * replica already held (a replica caught up from another endpoint, or one that lived through a
 * failover, can hold other messages under the same msgids, or lack some below its last one).
 */
final class LogComparison {

    /**
     * One room's differences below the replica's last msgid ({@code through}).
     *
     * @param missing   msgids the source holds and the replica lacks: a hole, repaired by copying them
     * @param different msgids both hold with different messages
     * @param extra     msgids only the replica holds
     */
    record RoomDiff(String roomId, long through, List<Long> missing, List<Long> different, List<Long> extra) {

        /** Whether the replica holds another history than the source's (not only holes). */
        boolean conflicting() {
            return !different.isEmpty() || !extra.isEmpty();
        }

        /** The msgids the replica does not hold as the source does (different or only on the replica), ascending. */
        List<Long> notAsOnSource() {
            List<Long> ids = new ArrayList<>(different);
            ids.addAll(extra);
            ids.sort(null);
            return ids;
        }

        boolean none() {
            return missing.isEmpty() && !conflicting();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(roomId).append(" (through msgid ").append(through).append(":");
            if (!missing.isEmpty()) {
                s.append(" missing ").append(MsgidRange.of(missing));
            }
            if (!different.isEmpty()) {
                s.append(" different ").append(MsgidRange.of(different));
            }
            if (!extra.isEmpty()) {
                s.append(" only on the replica ").append(MsgidRange.of(extra));
            }
            return s.append(")").toString();
        }
    }

    private LogComparison() {
    }

    /** The rooms where {@code replica} differs from {@code source}; rooms equal up to the replica's last msgid are left out. */
    static List<RoomDiff> compare(Database source, Database replica, Collection<String> rooms) {
        return compare(source, replica, rooms, replica.inTransaction(MessageRows::maxPerRoom));
    }

    /** As above, each room compared through {@code replicaMax} (the replica's last msgids, read by the caller). */
    static List<RoomDiff> compare(Database source, Database replica, Collection<String> rooms, Map<String, Long> replicaMax) {
        List<RoomDiff> diffs = new ArrayList<>();
        for (String roomId : new TreeSet<>(rooms)) {
            long through = replicaMax.getOrDefault(roomId, 0L);
            if (through == 0) {
                continue; // nothing there yet: the whole room is tail
            }
            RoomDiff diff = room(source, replica, roomId, through);
            if (!diff.none()) {
                diffs.add(diff);
            }
        }
        return diffs;
    }

    /** Every room of either side. */
    static List<RoomDiff> compareAll(Database source, Database replica) {
        return compare(source, replica, LogCopier.rooms(source, replica));
    }

    /** One room, msgids 1..{@code through}, merged chunk by chunk. */
    static RoomDiff room(Database source, Database replica, String roomId, long through) {
        Cursor a = new Cursor(source, roomId, through);
        Cursor b = new Cursor(replica, roomId, through);
        List<Long> missing = new ArrayList<>();
        List<Long> different = new ArrayList<>();
        List<Long> extra = new ArrayList<>();
        StoredMessage x = a.next();
        StoredMessage y = b.next();
        while (x != null || y != null) {
            if (y == null || (x != null && x.msgid() < y.msgid())) {
                missing.add(x.msgid());
                x = a.next();
            } else if (x == null || y.msgid() < x.msgid()) {
                extra.add(y.msgid());
                y = b.next();
            } else {
                if (!x.equals(y)) {
                    different.add(x.msgid());
                }
                x = a.next();
                y = b.next();
            }
        }
        return new RoomDiff(roomId, through, missing, different, extra);
    }

    /** A room's rows on one endpoint up to a msgid, read a chunk at a time. */
    private static final class Cursor {
        private final Database db;
        private final String roomId;
        private final long through;
        private List<LogRow> chunk = List.of();
        private int index;
        private long after;
        private boolean exhausted;

        Cursor(Database db, String roomId, long through) {
            this.db = db;
            this.roomId = roomId;
            this.through = through;
        }

        StoredMessage next() {
            if (index == chunk.size()) {
                if (exhausted) {
                    return null;
                }
                long from = after;
                chunk = db.inTransaction(c -> MessageRows.readAfter(c, roomId, from, LogCopier.CHUNK));
                index = 0;
                exhausted = chunk.size() < LogCopier.CHUNK;
                if (chunk.isEmpty()) {
                    return null;
                }
                after = chunk.get(chunk.size() - 1).message().msgid();
            }
            StoredMessage m = chunk.get(index++).message();
            if (m.msgid() > through) {
                exhausted = true;
                chunk = List.of();
                index = 0;
                return null;
            }
            return m;
        }
    }
}
