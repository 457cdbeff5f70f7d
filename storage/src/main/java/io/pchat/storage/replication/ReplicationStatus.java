package io.pchat.storage.replication;

import java.util.Optional;

import io.pchat.storage.config.ReplicationMode;

/**
 * Replication as the pool and the metrics see it.
 *
 * @param mode   external or builtin
 * @param writer the name of the endpoint taking writes ({@code primary}, {@code mirror}, {@code backup})
 * @param mirror the mirror's state ({@link MirrorState#NONE} without one)
 * @param backup the backup's lag, when built-in replication ships to one
 */
public record ReplicationStatus(ReplicationMode mode, String writer, MirrorState mirror, Optional<BackupStatus> backup) {
}
