package io.pchat.storage.replication;

import java.util.List;

/**
 * What a failback did.
 *
 * @param epoch       the new pool epoch
 * @param shipped     messages copied from the backup to the primary
 * @param discarded   per room, messages the old primary held that were never shipped and whose
 *                    msgids the backup has since given to other messages (those of the failover
 *                    report): removed from the primary, since the backup's history is the pool's
 * @param differences per room, msgids held by one side only after the failback (empty when both agree)
 * @param mirror      what became of the mirror: it is left out (marked {@code RETIRED} when it
 *                    answers) until it is rebuilt from the primary
 * @param onMirror    per room, messages the mirror holds that the backup does not hold as they are
 *                    (acknowledged while the mirror was the writer and lost by the failover): they
 *                    stay on the retired mirror only, until it is rebuilt
 */
public record FailbackReport(long epoch, long shipped, List<RoomLoss> discarded, List<RoomDifference> differences,
        String mirror, List<RoomLoss> onMirror) {

    public FailbackReport {
        discarded = List.copyOf(discarded);
        differences = List.copyOf(differences);
        onMirror = List.copyOf(onMirror);
    }

    /**
     * @param roomId        the room
     * @param onlyOnPrimary msgids on the primary only
     * @param onlyOnBackup  msgids on the backup only
     */
    public record RoomDifference(String roomId, List<MsgidRange> onlyOnPrimary, List<MsgidRange> onlyOnBackup) {
    }
}
