package io.pchat.server.room;

import java.util.Objects;

import io.pchat.storage.room.AccessDecision;
import io.pchat.storage.room.Room;

/**
 * What a joined participant may do in a room, as decided by storage when it joined (or when
 * the room last changed): the room as it then was and the user's access decision. Posts are
 * authorised against it on the event loop, without a storage round trip.
 *
 * <p>Invariant: immutable; {@code room} and {@code decision} are about the same room and user.
 */
public record Grant(Room room, AccessDecision decision) {

    public Grant {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(decision, "decision");
    }

    /** Whether a post is allowed: the room is enabled and the user may post (presenters only in an auditorium). */
    public boolean mayPost() {
        return !room.disabled() && decision.post();
    }
}
