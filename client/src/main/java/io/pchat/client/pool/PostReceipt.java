package io.pchat.client.pool;

import io.pchat.protocol.xccos.RoomUri;

import java.util.Objects;

/**
 * A post the pool stored.
 *
 * @param room     where it went
 * @param text     what was posted
 * @param attempts how many times it was sent (more than one after a 503 or a lost connection)
 * @param how      how the client knows it was stored
 */
public record PostReceipt(RoomUri room, String text, int attempts, Resolution how) {

    /** How a post was known to be stored. */
    public enum Resolution {
        /** The node answered the post's INFO with 200. */
        ACKNOWLEDGED,
        /**
         * The connection was lost before the node's answer; after reconnecting, the room's history
         * held a message by this user with this text, posted after the post was sent.
         */
        FOUND_IN_HISTORY
    }

    public PostReceipt {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(how, "how");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be positive: " + attempts);
        }
    }
}
