package io.pchat.server.sip;

import gov.nist.javax.sip.message.SIPRequest;
import io.pchat.protocol.sip.SipResponseBuilder;

/**
 * UPDATE, and re-INVITE through {@link InviteHandler}: a session refresh (RFC 4028). The dialog's
 * timer restarts with the interval granted again; the 200 repeats the session timer headers and
 * carries an SDP answer for a re-INVITE (which always needs one) or an UPDATE that offered SDP.
 */
final class SessionRefreshHandler implements RequestHandler {

    @Override
    public void handle(SipConnection connection, SIPRequest update) {
        refresh(connection, update, false);
    }

    static void refresh(SipConnection connection, SIPRequest request, boolean alwaysSdp) {
        Dialog dialog = connection.inDialog(request);
        if (dialog == null) {
            return;
        }
        dialog.refresh(InviteHandler.requestedSessionExpires(request));
        SipResponseBuilder ok = InviteHandler.sessionOk(connection, request, dialog, null);
        byte[] offer = request.getRawContent();
        if (alwaysSdp || offer != null && offer.length > 0) {
            ok.body("application", "sdp", SdpAnswer.forNode(connection.localHost(), connection.localPort(), 1));
        }
        connection.respond(ok.build());
    }
}
