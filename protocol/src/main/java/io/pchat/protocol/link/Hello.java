package io.pchat.protocol.link;

import java.util.Objects;

/**
 * Type 1, the first frame each side sends on a new link: who the sender is and which format
 * version it speaks. Both sides then speak the lower of the two versions.
 *
 * <p>Invariant: {@code nodeId} and {@code dataCenter} are not null. {@code version} is not
 * checked here, so that a peer's unusable version reaches the handshake, which refuses it.
 *
 * @param version highest format version the sender speaks
 * @param nodeId the sender's node id, unique in the pool
 * @param dataCenter the data center the sender runs in
 * @param epoch the pool epoch the sender works under, so a peer can recognise a node that has been
 *              fenced off by a newer epoch
 */
public record Hello(int version, String nodeId, String dataCenter, long epoch) implements LinkFrame {

    public Hello {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(dataCenter, "dataCenter");
    }
}
