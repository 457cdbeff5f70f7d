package io.pchat.server.sip;

import gov.nist.javax.sip.message.SIPRequest;

/** BYE from the client: 200, and the dialog ends (the user leaves the rooms of this dialog). */
final class ByeHandler implements RequestHandler {

    @Override
    public void handle(SipConnection connection, SIPRequest bye) {
        Dialog dialog = connection.inDialog(bye);
        if (dialog == null) {
            return;
        }
        connection.respond(SipConnection.answer(bye, 200).build());
        dialog.terminate("BYE from the client", false);
    }
}
