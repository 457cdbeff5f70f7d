package io.pchat.server.sip;

import java.util.concurrent.CompletionStage;

import javax.sip.header.ContentTypeHeader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.pchat.protocol.sip.InfoRequest;
import io.pchat.protocol.sip.SipFrame;
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
 *
 * <p>Two ways in, one behaviour: a request the full parser read ({@link #handle}), or the post
 * path ({@link #handleScanned}): a plain in-dialog INFO read by {@link InfoRequest#scan}, answered
 * from its own Via, From, To, Call-ID and CSeq lines. The post path takes only INFOs whose dialog
 * is on the connection and whose Content-Type an envelope has; the rest (481, 415) are the full
 * parser's.
 */
final class InfoHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(InfoHandler.class);

    /** How an INFO is answered: a reason of null means the status's usual phrase. */
    @FunctionalInterface
    private interface Answer {
        void send(int status, String reason, int retryAfterSeconds);
    }

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
        take(connection, dialog, body, (status, reason, retryAfter) -> {
            var response = SipConnection.answer(info, status);
            if (reason != null) {
                response.reason(reason);
            }
            if (retryAfter > 0) {
                response.retryAfter(retryAfter);
            }
            connection.respond(response.build());
        });
    }

    /**
     * The post path. True when the INFO was taken (and is or will be answered); false when it is
     * not one for this path, and then nothing was done.
     */
    boolean handleScanned(SipConnection connection, InfoRequest info, SipFrame.Message frame) {
        if (info.fromTag() == null) {
            return false;
        }
        Dialog dialog = connection.dialog(new DialogId(info.callId(), info.toTag(), info.fromTag()));
        boolean envelopeType = info.contentType() == null ? frame.bodyLength() == 0
                : info.contentTypeIs("text", "plain") || info.contentTypeIs("application", "xml");
        if (dialog == null || !envelopeType) {
            return false;
        }
        Answer answer = (status, reason, retryAfter) -> connection.respondRaw(
                info.answer(status, reason == null ? SIPResponse.getReasonPhrase(status) : reason, retryAfter));
        if (!dialog.acceptRemoteCSeq(info.cseq())) {
            answer.send(500, "CSeq Out Of Order", 0);
            return true;
        }
        take(connection, dialog, frame.bodyBytes(), answer);
        return true;
    }

    /** The envelope of an INFO in {@code dialog}, whose dialog, CSeq and Content-Type have been checked. */
    private static void take(SipConnection connection, Dialog dialog, byte[] body, Answer answer) {
        if (dialog.isEnding()) {
            answer.send(503, "Session Ending", 1);
            return;
        }
        XccosDecodeResult decoded = connection.context().xccosReader().read(body);
        if (decoded instanceof XccosDecodeResult.Failed failed) {
            if (!connection.context().service().admitsInvalidEnvelope(dialog)) {
                answer.send(503, "Too Many Commands", 1);
                return;
            }
            int status = failed.kind() == XccosDecodeResult.Kind.LIMIT_EXCEEDED ? 413 : 400;
            answer.send(status, ReasonPhrase.of(failed.problem()), 0);
            return;
        }
        CompletionStage<InfoVerdict> verdict;
        try {
            verdict = connection.context().service().onEnvelope(dialog, ((XccosDecodeResult.Decoded) decoded).envelope());
        } catch (RuntimeException e) {
            log.warn("onEnvelope of {} threw", dialog, e);
            answer.send(500, null, 0);
            return;
        }
        dialog.answerOwed();
        verdict.whenComplete((v, error) -> connection.executeOnLoop(() -> {
            if (error != null || v == null) {
                log.warn("envelope processing failed on {}", connection.channel(), error);
                answer.send(500, null, 0);
            } else {
                answer.send(v.status(), ReasonPhrase.of(v.reason()), v.retryAfterSeconds());
            }
            dialog.answerSent();
        }));
    }

    private static boolean isEnvelopeType(ContentTypeHeader type) {
        String main = type.getContentType();
        String sub = type.getContentSubType();
        return "text".equalsIgnoreCase(main) && "plain".equalsIgnoreCase(sub)
                || "application".equalsIgnoreCase(main) && "xml".equalsIgnoreCase(sub);
    }
}
