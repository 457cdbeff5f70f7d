package io.pchat.storage.replication;

import java.util.List;
import java.util.Map;

import io.pchat.storage.log.MsgidGap;

/**
 * What a failover to the backup lost: the measured recovery point.
 *
 * @param epoch              the new pool epoch
 * @param oldPrimaryReadable whether the old primary answered (then it was fenced, and
 *                           {@code lost} is exact)
 * @param lost               when readable: per room, the messages on the old primary missing from
 *                           the backup; otherwise empty (unknown)
 * @param shippedThrough     per room, the last msgid the backup holds
 * @param skipped            per room, the msgids the numbering skips from now on (beyond every
 *                           msgid the lost side may have handed out), recorded as a gap
 */
public record FailoverReport(long epoch, boolean oldPrimaryReadable, List<RoomLoss> lost,
        Map<String, Long> shippedThrough, Map<String, MsgidGap> skipped) {

    public FailoverReport {
        lost = List.copyOf(lost);
        shippedThrough = Map.copyOf(shippedThrough);
        skipped = Map.copyOf(skipped);
    }

    /** Messages lost in all rooms (0 also when unknown: see {@link #oldPrimaryReadable()}). */
    public long lostMessages() {
        return lost.stream().mapToLong(RoomLoss::count).sum();
    }
}
