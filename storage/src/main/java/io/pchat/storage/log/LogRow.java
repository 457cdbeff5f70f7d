package io.pchat.storage.log;

/**
 * One row of {@code chat_message}: the message and the pool epoch it was written under. This is
 * what replication copies, so that a copy is the same row as the original.
 */
public record LogRow(StoredMessage message, long epoch) {
}
