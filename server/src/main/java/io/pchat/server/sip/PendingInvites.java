package io.pchat.server.sip;

import java.util.HashMap;
import java.util.Map;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * One connection's INVITEs still being authenticated, by transaction, so that a CANCEL can find
 * them. Most connections send one INVITE in their life and then hold it for hours: the map exists
 * only while an INVITE is pending, so an established connection carries no empty table.
 *
 * <p>Invariant: {@code byKey} is null or non-empty. Used on the connection's event loop only.
 */
final class PendingInvites {
    private Map<TransactionKey, SIPRequest> byKey;

    void add(TransactionKey key, SIPRequest invite) {
        if (byKey == null) {
            byKey = new HashMap<>(2);
        }
        byKey.put(key, invite);
    }

    /** Removes and returns the INVITE of that transaction, or null when none is pending. */
    SIPRequest take(TransactionKey key) {
        if (byKey == null) {
            return null;
        }
        SIPRequest invite = byKey.remove(key);
        if (byKey.isEmpty()) {
            byKey = null;
        }
        return invite;
    }

    void clear() {
        byKey = null;
    }
}
