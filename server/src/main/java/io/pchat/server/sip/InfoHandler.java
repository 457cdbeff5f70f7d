package io.pchat.server.sip;

import java.util.concurrent.CompletionStage;

import javax.sip.header.ContentTypeHeader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPRequest;
import io.pchat.protocol.xccos.XccosDecodeResult;
import io.pchat.server.session.InfoVerdict;

/**
 * INFO from the client: one XCCOS envelope for the service. Checks in order: dialog (481) and
 * CSeq order (500), Content-Type ({@code text/plain} with any parameters, or
 * {@code application/xml}; else 415 with Accept), the envelope itself (413 over the limits, 400
 * otherwise, reason = the problem; 503 instead when the dialog is over its command rate, which an
 * unreadable envelope counts against like a valid one). A valid envelope goes to {@code XccosService.onEnvelope} and
 * the INFO is answered with the verdict once its stage completes, on the event loop; a failed
 * stage is answered 500. The dialog may end meanwhile: the answer is still sent while the
 * connection is open, because the transaction is independent of the dialog's fate. A dialog the
 * node is ending takes no new envelope (503 "Session Ending", Retry-After 1: nothing was done, the
 * client sends it again on its next session); the ones it took are answered before its BYE.
 */
final class InfoHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(InfoHandler.class);

    @Override
    public void handle(SipConnection connection, SIPRequest info) {
        Dialog dialog = connection.inDialog(info);
        if (dialog == null) {
            return;
        }
        byte[] body = info.getRawContent() == null ? new byte[0] : info.getRawContent();
        ContentTypeHeader type = info.getContentTypeHeader();
        if (type == null ? body.length > 0 : !isEnvelopeType(type)) {
            connection.respond(SipConnection.answer(info, 415).header("Accept", "text/plain").header("Accept", "application/xml").build());
            return;
        }
        if (dialog.isEnding()) {
            connection.respond(SipConnection.answer(info, 503).reason("Session Ending").retryAfter(1).build());
            return;
        }
        XccosDecodeResult decoded = connection.context().xccosReader().read(body);
        if (decoded instanceof XccosDecodeResult.Failed failed) {
            if (!connection.context().service().admitsInvalidEnvelope(dialog)) {
                connection.respond(SipConnection.answer(info, 503).reason("Too Many Commands").retryAfter(1).build());
                return;
            }
            int status = failed.kind() == XccosDecodeResult.Kind.LIMIT_EXCEEDED ? 413 : 400;
            connection.respond(SipConnection.answer(info, status).reason(ReasonPhrase.of(failed.problem())).build());
            return;
        }
        CompletionStage<InfoVerdict> verdict;
        try {
            verdict = connection.context().service().onEnvelope(dialog, ((XccosDecodeResult.Decoded) decoded).envelope());
        } catch (RuntimeException e) {
            log.warn("onEnvelope of {} threw", dialog, e);
            connection.respond(SipConnection.answer(info, 500).build());
            return;
        }
        dialog.answerOwed();
        verdict.whenComplete((v, error) -> connection.executeOnLoop(() -> {
            answer(connection, info, v, error);
            dialog.answerSent();
        }));
    }

    private static void answer(SipConnection connection, SIPRequest info, InfoVerdict verdict, Throwable error) {
        if (error != null || verdict == null) {
            log.warn("envelope processing failed on {}", connection.channel(), error);
            connection.respond(SipConnection.answer(info, 500).build());
            return;
        }
        var response = SipConnection.answer(info, verdict.status()).reason(ReasonPhrase.of(verdict.reason()));
        if (verdict.retryAfterSeconds() > 0) {
            response.retryAfter(verdict.retryAfterSeconds());
        }
        connection.respond(response.build());
    }

    private static boolean isEnvelopeType(ContentTypeHeader type) {
        String main = type.getContentType();
        String sub = type.getContentSubType();
        return "text".equalsIgnoreCase(main) && "plain".equalsIgnoreCase(sub)
                || "application".equalsIgnoreCase(main) && "xml".equalsIgnoreCase(sub);
    }
}
