package io.pchat.storage.log;

/**
 * Counters of a {@link MessageLog} since it started, for metrics and tests.
 *
 * @param batches         transactions that committed
 * @param messages        messages those transactions stored
 * @param failedBatches   transactions that failed (every future in them failed)
 * @param failedMessages  appends failed by those transactions
 * @param refused         appends refused at once because the queue was full
 * @param queued          appends waiting now
 */
public record LogStats(long batches, long messages, long failedBatches, long failedMessages, long refused,
        int queued) {
}
