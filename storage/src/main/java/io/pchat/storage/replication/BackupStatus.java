package io.pchat.storage.replication;

import java.time.Duration;
import java.time.Instant;

/**
 * How far the backup is behind: the recovery point if the data center were lost now.
 *
 * @param unshippedMessages messages on the writing endpoint not yet on the backup (-1 if unknown)
 * @param shippedAsOf       everything committed before this instant is on the backup: the start
 *                          of the last successful ship pass ({@code null} before the first)
 * @param lag               now minus {@code shippedAsOf} (time since start when there was none)
 * @param lastPass          how long the last successful pass took
 * @param lastError         why the last pass failed, or {@code null} when it succeeded
 */
public record BackupStatus(long unshippedMessages, Instant shippedAsOf, Duration lag, Duration lastPass,
        String lastError) {
}
