package io.pchat.server.sip;

import java.util.ListIterator;
import java.util.Locale;

import javax.sip.header.ContentTypeHeader;
import javax.sip.header.SupportedHeader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.header.extensions.SessionExpiresHeader;
import gov.nist.javax.sip.message.SIPRequest;
import io.pchat.protocol.sip.DialogInfoTemplate;
import io.pchat.protocol.sip.SipResponseBuilder;

/**
 * INVITE: a dialog-creating INVITE to one of the served URIs becomes a chat dialog; an INVITE
 * inside a dialog is a session refresh ({@link SessionRefreshHandler}).
 *
 * <p>Order of checks for a new dialog: served URI (404), admission (an idle pool node answers 302
 * listing the active nodes, or 503 when none is known), From tag (400), body type (415), then
 * authentication, which may complete later on another thread; until then the INVITE is pending
 * and a CANCEL answers it 487. The identity settled by authentication is fixed for the dialog.
 * No 100 Trying is sent: over TCP nobody retransmits, and the answer follows promptly.
 */
final class InviteHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(InviteHandler.class);

    @Override
    public void handle(SipConnection connection, SIPRequest invite) {
        if (invite.getToTag() != null) {
            SessionRefreshHandler.refresh(connection, invite, true);
            return;
        }
        SipContext context = connection.context();
        if (!context.serviceUris().serves(invite.getRequestURI())) {
            connection.respond(SipConnection.answer(invite, 404).build());
            return;
        }
        if (context.outbound().exceeded()) {
            // the node's memory for queued output is spent: no new sessions until it drains
            connection.respond(SipConnection.answer(invite, 503).reason("Node Overloaded")
                    .header("Retry-After", "10").build());
            return;
        }
        SessionAdmission.Verdict admission = context.admission().admit();
        if (admission instanceof SessionAdmission.Redirect redirect) {
            SipResponseBuilder moved = SipConnection.answer(invite, 302);
            redirect.contacts().forEach(contact -> moved.header("Contact", "<" + contact + ">"));
            connection.respond(moved.build());
            return;
        }
        if (admission instanceof SessionAdmission.Unavailable unavailable) {
            connection.respond(SipConnection.answer(invite, 503).reason(unavailable.reason())
                    .header("Retry-After", Integer.toString(unavailable.retryAfterSeconds())).build());
            return;
        }
        if (invite.getFromTag() == null) {
            connection.respond(SipConnection.answer(invite, 400).reason("Missing From Tag").build());
            return;
        }
        if (!acceptableBody(invite)) {
            connection.respond(SipConnection.answer(invite, 415).header("Accept", "application/sdp").build());
            return;
        }
        TransactionKey key = TransactionKey.of(invite);
        connection.pendingInvites().add(key, invite);
        context.authenticator().authenticate(invite, connection.peerAddress()).whenComplete((outcome, error) ->
                connection.executeOnLoop(() -> decide(connection, key, invite, outcome, error)));
    }

    @SuppressWarnings("ReferenceEquality") // only the very INVITE that was put aside is decided
    private static void decide(SipConnection connection, TransactionKey key, SIPRequest invite,
                               Authentication outcome, Throwable error) {
        if (connection.pendingInvites().take(key) != invite) {
            return; // cancelled (487 sent) or the connection is gone
        }
        if (error != null) {
            log.warn("authentication of an INVITE failed on {}", connection.channel(), error);
            connection.respond(SipConnection.answer(invite, 500).build());
        } else if (outcome instanceof Authentication.Challenged challenge) {
            SipResponseBuilder response = SipConnection.answer(invite, 401);
            challenge.wwwAuthenticate().forEach(value -> response.header("WWW-Authenticate", value));
            connection.respond(response.build());
        } else if (outcome instanceof Authentication.Refused refused) {
            connection.respond(SipConnection.answer(invite, refused.status()).reason(refused.reason()).build());
        } else if (outcome instanceof Authentication.Identified identified) {
            establish(connection, invite, identified.user());
        }
    }

    private static void establish(SipConnection connection, SIPRequest invite, AddressOfRecord user) {
        if (!connection.channel().isActive()) {
            return;
        }
        SipContext context = connection.context();
        String localTag = Tags.newTag();
        DialogId id = new DialogId(invite.getCallId().getCallId(), localTag, invite.getFromTag());
        DialogInfoTemplate standard = DialogInfoTemplate.forInvite(invite, localTag, connection.viaSentBy(),
                context.serviceUris().nodeUri());
        Dialog dialog = new Dialog(id, user, connection, withClientsTransport(standard, invite),
                invite.getCSeq().getSeqNumber(),
                SessionTimer.grant(requestedSessionExpires(invite), context.settings().sessionExpiresSeconds()));
        if (!context.dialogs().tryAdd(dialog)) {
            connection.respond(SipConnection.answer(invite, 486).reason("Too Many Sessions For This User").build());
            return;
        }
        connection.addDialog(dialog);
        // the same SDP answers an offer, or is the offer when the INVITE had none (the ACK then answers)
        connection.respond(sessionOk(connection, invite, dialog, localTag)
                .body("application", "sdp", SdpAnswer.forNode(connection.localHost(), connection.localPort(), 1))
                .build());
        log.debug("dialog {} established for {}", id, user);
        try {
            context.service().onSessionStarted(dialog);
        } catch (RuntimeException e) {
            log.warn("onSessionStarted of {} threw; ending the dialog", id, e);
            dialog.terminate("service failed to start the session", true);
        }
    }

    /**
     * The 200 of an INVITE or session refresh: Contact, session timer headers and (when
     * {@code sdp}) the SDP answer. {@code localTag} is null inside an established dialog.
     */
    static SipResponseBuilder sessionOk(SipConnection connection, SIPRequest request, Dialog dialog, String localTag) {
        SipResponseBuilder ok = SipResponseBuilder.answering(request, 200);
        if (localTag != null) {
            ok.toTag(localTag);
        }
        ok.contact("<" + connection.context().serviceUris().nodeUri() + ">")
                .header("Session-Expires", dialog.sessionExpiresSeconds() + ";refresher=uac")
                .header("Supported", "timer");
        if (supportsTimer(request)) {
            ok.header("Require", "timer"); // RFC 4028 section 9: the UAC supports it and is the refresher
        }
        connection.allow(ok);
        return ok;
    }

    /** An SDP body or none; any other body type is refused with 415. */
    private static boolean acceptableBody(SIPRequest request) {
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            return true;
        }
        ContentTypeHeader type = request.getContentTypeHeader();
        return type != null && "application".equalsIgnoreCase(type.getContentType())
                && "sdp".equalsIgnoreCase(type.getContentSubType());
    }

    static int requestedSessionExpires(SIPRequest request) {
        return request.getHeader("Session-Expires") instanceof SessionExpiresHeader se ? se.getExpires() : 0;
    }

    private static boolean supportsTimer(SIPRequest request) {
        ListIterator<?> supported = request.getHeaders("Supported");
        while (supported != null && supported.hasNext()) {
            if (supported.next() instanceof SupportedHeader s && "timer".equals(s.getOptionTag().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the Via transport token exactly as the client wrote it: SIPE needs lower-case {@code tcp}. */
    private static DialogInfoTemplate withClientsTransport(DialogInfoTemplate t, SIPRequest invite) {
        String transport = invite.getTopmostVia().getTransport();
        if (transport == null || transport.isBlank()) {
            return t;
        }
        return new DialogInfoTemplate(t.requestUri(), transport, t.viaSentBy(), t.localAddress(), t.localTag(),
                t.remoteAddress(), t.remoteTag(), t.callId(), t.contactUri());
    }
}
