package io.pchat.client;

import java.time.Instant;
import java.util.Objects;

/**
 * One invitation from {@code rpl:getinv}: its opaque id, when it was made, and the room.
 *
 * <p>Invariants: {@code room} is present; {@code inviteId} and {@code ts} may be null when the
 * node left them out.
 */
public record Invitation(String inviteId, Instant ts, RoomSummary room) {

    public Invitation {
        Objects.requireNonNull(room, "room");
    }
}
