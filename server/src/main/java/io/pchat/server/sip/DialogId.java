package io.pchat.server.sip;

import java.util.Objects;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * The identity of one INVITE dialog as the node sees it (RFC 3261 section 12): Call-ID, the
 * node's tag and the client's tag. Matching by these three works whether or not the client's
 * Via carries an RFC 3261 branch, so RFC 2543-style clients (SIPE) are matched the same way.
 *
 * <p>Invariant: no part is null. Call-IDs compare case-sensitively, tags case-sensitively too
 * (RFC 3261 makes both opaque tokens).
 */
public record DialogId(String callId, String localTag, String remoteTag) {

    public DialogId {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(localTag, "localTag");
        Objects.requireNonNull(remoteTag, "remoteTag");
    }

    /** The dialog an in-dialog request from the client names, or null when it lacks a tag. */
    static DialogId of(SIPRequest request) {
        String toTag = request.getToTag();
        String fromTag = request.getFromTag();
        if (toTag == null || fromTag == null) {
            return null;
        }
        return new DialogId(request.getCallId().getCallId(), toTag, fromTag);
    }

    @Override
    public String toString() {
        return callId + ";" + localTag + ";" + remoteTag;
    }
}
