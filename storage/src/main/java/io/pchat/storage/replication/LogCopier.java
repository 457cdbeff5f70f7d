package io.pchat.storage.replication;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

import io.pchat.storage.StorageException;
import io.pchat.storage.db.Database;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageRows;

/**
 * Copies message log rows from one endpoint to another. Every copy is idempotent (insert where
 * absent), so copying a range twice changes nothing; a concurrent copier inserting the same rows
 * (another node) shows up as a duplicate key and the chunk is simply tried again. Relies on each
 * room's rows reaching a replica in msgid order, so a replica holds a prefix of each room and
 * "what it lacks" is "what is above its MAX(msgid)".
 */
final class LogCopier {
    static final int CHUNK = 1_000;
    private static final int ATTEMPTS = 3;

    private LogCopier() {
    }

    /** Writes {@code rows} to {@code target} where absent, in one fenced replica transaction. */
    static void apply(Database target, long epoch, List<LogRow> rows) {
        for (int attempt = 1;; attempt++) {
            try {
                ReplicaFence.apply(target, epoch, c -> {
                    MessageRows.insertIfAbsent(c, rows);
                    return null;
                });
                return;
            } catch (StorageException e) {
                if (attempt == ATTEMPTS || !MessageRows.isDuplicateKey(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Copies a room's rows above {@code after} in chunks; {@code copiedThrough} is told the last
     * msgid after each chunk committed on the target. Returns the number of rows copied.
     */
    static long copyRoom(Database source, Database target, long epoch, String roomId, long after,
            LongConsumer copiedThrough) {
        long copied = 0;
        long from = after;
        while (true) {
            long start = from;
            List<LogRow> rows = source.inTransaction(c -> MessageRows.readAfter(c, roomId, start, CHUNK));
            if (rows.isEmpty()) {
                return copied;
            }
            apply(target, epoch, rows);
            from = rows.get(rows.size() - 1).message().msgid();
            copied += rows.size();
            copiedThrough.accept(from);
            if (rows.size() < CHUNK) {
                return copied;
            }
        }
    }

    /** Copies to {@code target} what it lacks of the given rooms (above its MAX(msgid) for each). */
    static long copyRooms(Database source, Database target, long epoch, Collection<String> rooms) {
        long copied = 0;
        for (String roomId : rooms) {
            long have = target.inTransaction(c -> MessageRows.maxMsgid(c, roomId));
            copied += copyRoom(source, target, epoch, roomId, have, last -> { });
        }
        return copied;
    }

    /** Copies to {@code target} what it lacks of every room. */
    static long copyAll(Database source, Database target, long epoch) {
        Map<String, Long> sourceMax = source.inTransaction(MessageRows::maxPerRoom);
        Map<String, Long> targetMax = target.inTransaction(MessageRows::maxPerRoom);
        long copied = 0;
        for (Map.Entry<String, Long> room : sourceMax.entrySet()) {
            long have = targetMax.getOrDefault(room.getKey(), 0L);
            if (room.getValue() > have) {
                copied += copyRoom(source, target, epoch, room.getKey(), have, last -> { });
            }
        }
        return copied;
    }

    /** Every room with messages on either endpoint. */
    static Set<String> rooms(Database a, Database b) {
        Set<String> rooms = new HashSet<>(a.inTransaction(MessageRows::maxPerRoom).keySet());
        rooms.addAll(b.inTransaction(MessageRows::maxPerRoom).keySet());
        return rooms;
    }
}
