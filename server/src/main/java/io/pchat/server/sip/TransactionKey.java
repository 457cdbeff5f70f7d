package io.pchat.server.sip;

import java.util.Locale;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;

/**
 * Identifies the server transaction of a client request, so that a CANCEL finds the INVITE it
 * cancels. RFC 3261 (section 17.2.3): the top Via's branch and sent-by, when the branch starts
 * with the magic cookie {@code z9hG4bK}. Otherwise RFC 2543 style (section 17.2.3's fallback):
 * Call-ID, From tag and CSeq number; SIPE sends no branch at all. The method is not part of the
 * key: a CANCEL shares the INVITE's key by construction.
 *
 * <p>Invariant: either {@code branch} and {@code sentBy} are set and the rest is empty, or
 * {@code branch} is null and Call-ID, From tag and CSeq identify the transaction.
 */
record TransactionKey(String branch, String sentBy, String callId, String fromTag, long cseq) {

    private static final String MAGIC_COOKIE = "z9hG4bK";

    static TransactionKey of(SIPRequest request) {
        Via via = request.getTopmostVia();
        String branch = via.getBranch();
        if (branch != null && branch.startsWith(MAGIC_COOKIE)) {
            return new TransactionKey(branch, via.getSentBy().encode().toLowerCase(Locale.ROOT), null, null, 0);
        }
        return new TransactionKey(null, null, request.getCallId().getCallId(), request.getFromTag(),
                request.getCSeq().getSeqNumber());
    }
}
