package io.pchat.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One request the client wrote, as it goes on the wire, with what is needed to match its response
 * (Call-ID, CSeq number and method) and to ACK it (the branch).
 *
 * <p>Invariants: {@code wire} is a complete SIP message (header block and body); the other fields
 * are the values written in it.
 */
record OutgoingRequest(String method, String callId, long cseq, String branch, String requestUri, byte[] wire) {

    OutgoingRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(wire, "wire");
    }

    /** The key its responses are matched by: Call-ID, CSeq number and CSeq method. */
    String transactionKey() {
        return transactionKey(callId, cseq, method);
    }

    static String transactionKey(String callId, long cseq, String method) {
        return callId + ' ' + cseq + ' ' + method;
    }

    @Override
    public String toString() {
        return new String(wire, StandardCharsets.UTF_8);
    }
}
