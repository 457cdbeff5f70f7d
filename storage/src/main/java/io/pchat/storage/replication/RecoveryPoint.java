package io.pchat.storage.replication;

import java.util.List;
import java.util.Objects;

/**
 * What a failover to the backup would lose if it ran now: per room, the messages the writing
 * endpoint holds that the backup does not. Nothing is changed to find out (no fence, no epoch).
 *
 * @param measured       whether both endpoints answered; when one did not, what the writer holds
 *                       beyond the backup is unknown and {@code unshipped} is empty
 * @param writer         the writing endpoint's name
 * @param backup         the backup's name
 * @param unshipped      per room, the messages not on the backup (only when readable)
 * @param problem        why it could not be measured, or null
 */
public record RecoveryPoint(boolean measured, String writer, String backup, List<RoomLoss> unshipped,
        String problem) {

    public RecoveryPoint {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(backup, "backup");
        unshipped = List.copyOf(unshipped);
    }

    public long unshippedMessages() {
        return unshipped.stream().mapToLong(RoomLoss::count).sum();
    }
}
