package io.pchat.server.chat;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Where a client is placed: the node URI {@code cmd:requri} answers with, which the client then
 * INVITEs for its chat session (the bootstrap: INVITE to the pool or {@code ocschat@} URI,
 * {@code cmd:requri}, BYE, INVITE to the returned URI).
 *
 * <p>The rule a pool implements (docs/sipe.md): an active node only; among those, the node that
 * already serves most of the rooms the user is a member of when one clearly does (their
 * participants then share fan-out), else the least loaded one (fewest open dialogs). A single
 * node has nothing to choose and answers its own URI ({@link #thisNode}).
 *
 * <p>Implementations must be thread-safe and must not block the caller (it is an event loop):
 * a lookup returns a stage completed later.
 */
@FunctionalInterface
public interface NodePlacement {

    /**
     * The {@code sip:} URI of the node {@code user} (a lower-cased {@code sip:user@host}) should
     * use; the stage fails when no active node is known.
     */
    CompletionStage<String> place(String user);

    /** Always this node: {@code nodeUri} is read at each call (the URI is known once the listener is bound). */
    static NodePlacement thisNode(Supplier<String> nodeUri) {
        Objects.requireNonNull(nodeUri, "nodeUri");
        return user -> CompletableFuture.completedFuture(nodeUri.get());
    }
}
