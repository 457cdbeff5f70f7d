package io.pchat.storage.log;

import java.util.List;

/**
 * Told of every message once it is durable: the node's fan-out. Called on the log's writer
 * thread, after the batch committed (and reached the mirror replica) and before any of its
 * futures completes, in batch order: so in msgid order per room, once per message, whoever
 * appended it. Must be quick (hand work to other threads) and must not throw.
 */
@FunctionalInterface
public interface DurableMessages {

    /** Messages of one committed batch, in msgid order per room. */
    void durable(List<StoredMessage> batch);
}
