package io.pchat.server.sip;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * CANCEL: of an INVITE still being authenticated, 200 to the CANCEL and 487 to the INVITE;
 * of anything else (already answered, unknown), 481. Matched by {@link TransactionKey}, so
 * CANCELs without a Via branch match RFC 2543-style.
 */
final class CancelHandler implements RequestHandler {

    @Override
    public void handle(SipConnection connection, SIPRequest cancel) {
        SIPRequest invite = connection.pendingInvites().take(TransactionKey.of(cancel));
        if (invite == null) {
            connection.respond(SipConnection.answer(cancel, 481).build());
            return;
        }
        connection.respond(SipConnection.answer(cancel, 200).build());
        connection.respond(SipConnection.answer(invite, 487).build());
    }
}
