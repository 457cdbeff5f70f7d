package io.pchat.protocol.link;

import java.util.Objects;

/**
 * Type 7: the answer to an {@link Acquire}. The room id is repeated so the answer can be logged and
 * checked without the request at hand.
 *
 * <p>Invariant: {@code roomId} is not null.
 *
 * @param requestId the {@link Acquire#requestId()} answered
 * @param roomId the room asked for
 * @param granted whether ownership was handed over
 */
public record AcquireResult(long requestId, String roomId, boolean granted) implements LinkFrame {

    public AcquireResult {
        Objects.requireNonNull(roomId, "roomId");
    }
}
