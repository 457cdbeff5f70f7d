package io.pchat.storage.replication;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pchat.storage.db.Database;
import io.pchat.storage.log.MsgidGap;
import io.pchat.storage.log.MsgidGaps;

/**
 * Copies the recorded gaps of rooms' numbering and the floors past them from one endpoint to
 * another (failback: the backup's to the primary; a mirror rebuild: the primary's to the mirror),
 * so that the endpoint that writes next never hands out a msgid the other skipped. Idempotent:
 * a gap already there is kept, a floor is only raised.
 */
final class GapCopier {
    private GapCopier() {
    }

    /** Copies; returns the gaps copied (those already on {@code target} included). */
    static int copy(Database source, Database target, long epoch) {
        Map<String, List<MsgidGap>> gaps = source.inTransaction(MsgidGaps::all);
        Map<String, Long> floors = source.inTransaction(MsgidGaps::floors);
        if (gaps.isEmpty() && floors.isEmpty()) {
            return 0;
        }
        Instant now = Instant.now();
        return ReplicaFence.apply(target, epoch, c -> {
            int copied = 0;
            for (Map.Entry<String, List<MsgidGap>> room : gaps.entrySet()) {
                for (MsgidGap gap : room.getValue()) {
                    MsgidGaps.record(c, room.getKey(), gap, now);
                    copied++;
                }
            }
            for (Map.Entry<String, Long> floor : floors.entrySet()) {
                MsgidGaps.raiseFloor(c, floor.getKey(), floor.getValue());
            }
            return copied;
        });
    }
}
