package io.pchat.server.session;

import java.util.concurrent.CompletionStage;

import io.pchat.protocol.xccos.Envelope;

/**
 * What the session layer hands XCCOS to: the command layer. All calls come on the session's
 * event loop and must not block it (storage work goes to storage threads).
 */
public interface XccosService {

    /** A dialog was established (INVITE answered 200 and the identity settled). */
    void onSessionStarted(ClientSession session);

    /**
     * A client INFO in an established dialog carried this valid envelope. The returned stage
     * gives the status to answer the INFO with: commands are taken at once (200); a
     * {@code grpchat} post is answered 200 only once it is durably stored, and 403, 413 or 503
     * when it is refused (then nothing was stored).
     */
    CompletionStage<InfoVerdict> onEnvelope(ClientSession session, Envelope envelope);

    /**
     * A client INFO in an established dialog carried an envelope that cannot be read: it counts
     * against the dialog's command rate like a valid one (else junk would be a free flood). True
     * when it is within the rate (the INFO is answered 400 or 413), false when over it (503).
     */
    default boolean admitsInvalidEnvelope(ClientSession session) {
        return true;
    }

    /** The dialog ended (BYE either way, expiry, transport loss, or the node ended it). Called once. */
    void onSessionEnded(ClientSession session, String reason);
}
