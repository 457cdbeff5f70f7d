package io.pchat.client;

import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.Notice;

/**
 * What a {@link ChatClient} hears from the node without asking. Every method is called on the
 * client's event loop, in wire order: implementations must be quick and must not block (hand work
 * to another thread, as {@link ChatEvents} does with its queue).
 */
public interface ChatListener {

    /** A chat message delivered to a room this dialog joined, with the node's msgid, author and ts. */
    default void onMessage(GroupChat message) {
    }

    /** A notice ({@code ntc:join}, {@code ntc:part}, {@code ntc:roomchanged}...). */
    default void onNotice(Notice notice) {
    }

    /** The dialog ended; called once. Pending futures have already failed. */
    default void onClosed(String reason) {
    }
}
