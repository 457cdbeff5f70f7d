package io.pchat.server.sip;

import gov.nist.javax.sip.message.SIPRequest;

/** OPTIONS, in or out of a dialog: 200 with Allow, Accept and Supported (keep-alive and probing). */
final class OptionsHandler implements RequestHandler {

    @Override
    public void handle(SipConnection connection, SIPRequest options) {
        connection.respond(connection.allow(SipConnection.answer(options, 200))
                .header("Accept", "application/sdp")
                .header("Supported", "timer")
                .build());
    }
}
