package io.pchat.server.chat;

import java.util.concurrent.CompletableFuture;

import io.pchat.storage.log.MessageLog;
import io.pchat.storage.log.NewMessage;

/**
 * Where a post goes to get its msgid and become durable (docs/design.md "Path of a message", step 3):
 * on a single node its own message log; in a pool the room's owner node, this one or a peer over
 * the node link. The future completes with the msgid once the message is durable, or fails
 * (storage or the owner unavailable: the client may resend; nothing was stored).
 */
@FunctionalInterface
public interface MessageSequencer {

    CompletableFuture<Long> append(NewMessage message);

    /** This node's log sequences every room (a pool of one). */
    static MessageSequencer local(MessageLog log) {
        return message -> log.append(message).thenApply(stored -> stored.msgid());
    }
}
