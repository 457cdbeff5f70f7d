package io.pchat.protocol.link;

import java.util.Objects;

/**
 * Type 6: the sender asks the receiver to hand over ownership of a room; answered by an {@link
 * AcquireResult} of the same {@code requestId}.
 *
 * <p>Invariant: {@code roomId} is not null.
 *
 * @param requestId chosen by the sender to match the answer; unique per link while unanswered
 * @param roomId the room whose ownership is wanted
 */
public record Acquire(long requestId, String roomId) implements LinkFrame {

    public Acquire {
        Objects.requireNonNull(roomId, "roomId");
    }
}
