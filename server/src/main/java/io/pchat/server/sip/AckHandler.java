package io.pchat.server.sip;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * ACK: confirms the dialog its 200 created (or refreshed). Never answered; an ACK for a non-2xx
 * final response or an unknown dialog is absorbed silently, as RFC 3261 wants.
 */
final class AckHandler implements RequestHandler {

    @Override
    public void handle(SipConnection connection, SIPRequest ack) {
        Dialog dialog = connection.findDialog(ack);
        if (dialog != null) {
            dialog.acknowledged();
        }
    }
}
