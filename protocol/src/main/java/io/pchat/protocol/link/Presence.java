package io.pchat.protocol.link;

import java.util.Objects;

/**
 * Type 5: a user joined or left a room on the sending node, so that every node can list the whole
 * pool's participants in its join replies.
 *
 * <p>Invariant: {@code roomId} and {@code user} are not null.
 *
 * @param roomId the room
 * @param user the user's SIP URI
 * @param joined true for a join, false for a part
 * @param manager whether the user is a manager of the room
 * @param viaBjoin whether the join was a background join (bjoin) rather than an explicit one
 */
public record Presence(String roomId, String user, boolean joined, boolean manager, boolean viaBjoin)
        implements LinkFrame {

    public Presence {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(user, "user");
    }
}
