package io.pchat.server.sip;

import static io.pchat.server.sip.ListenerFixture.ENVELOPE;
import static io.pchat.server.sip.ListenerFixture.POOL_URI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.header.extensions.SessionExpiresHeader;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.pchat.protocol.xccos.Command;
import io.pchat.server.session.ClientSession;
import io.pchat.server.session.InfoVerdict;

/** The chat dialog of docs/sip.md from INVITE to BYE, with auth NONE. */
class ChatDialogTest {

    private static ListenerFixture node;

    @BeforeAll
    static void startListener() throws Exception {
        node = ListenerFixture.start(b -> b.maxDialogsPerUser(2));
    }

    @AfterAll
    static void stopListener() throws Exception {
        node.close();
    }

    @Test
    void inviteWithSdpIsAnswered200WithToTagContactSdpAnswerAndSessionTimer() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:alice@example.com", POOL_URI);
            SIPResponse ok = dialog.invite();

            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(ok.getToTag()).isNotBlank();
            assertThat(ok.getContactHeader().getAddress().getURI().toString()).isEqualTo(node.listener.nodeUri());
            assertThat(ok.getContentTypeHeader().getContentSubType()).isEqualTo("sdp");
            String sdp = new String(ok.getRawContent(), StandardCharsets.US_ASCII);
            assertThat(sdp).contains("m=message " + node.port() + " sip null").contains("a=accept-types:text/plain");
            assertThat(((SessionExpiresHeader) ok.getHeader("Session-Expires")).getExpires()).isEqualTo(1800);
            assertThat(ok.getHeader("Session-Expires").toString()).contains("refresher=uac");
            assertThat(ok.getHeader("Supported").toString()).contains("timer");
            ClientSession session = awaitStarted(dialog);
            assertThat(session.user()).isEqualTo("sip:alice@example.com");
            assertThat(session.isOpen()).isTrue();
        }
    }

    @Test
    void inviteWithoutBodyIsAnsweredWithTheSameSdpShape() {
        try (SipTestClient client = node.connect()) {
            SIPResponse ok = new ClientDialog(client, "sip:bob@example.com", POOL_URI).invite(new byte[0]);

            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(new String(ok.getRawContent(), StandardCharsets.US_ASCII)).contains("m=message").contains("sip null");
            assertThat(ok.getHeader("Session-Expires")).isNotNull();
        }
    }

    @Test
    void theLegacyUriAndTheNodeUriAreServedToo() {
        try (SipTestClient client = node.connect()) {
            assertThat(new ClientDialog(client, "sip:carol@example.com", "sip:OCSChat@Example.COM").invite().getStatusCode()).isEqualTo(200);
            String nodeUri = node.listener.nodeUri().replace(";transport=tcp", "");
            assertThat(new ClientDialog(client, "sip:carol@example.com", nodeUri).invite().getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void inviteToAUriTheNodeDoesNotServeIs404() {
        try (SipTestClient client = node.connect()) {
            SIPResponse response = new ClientDialog(client, "sip:alice@example.com", "sip:someone-else@example.com").invite();

            assertThat(response.getStatusCode()).isEqualTo(404);
            assertThat(response.getToTag()).isNotBlank();
        }
    }

    @Test
    void aRequestedShorterSessionIntervalIsGrantedButNeverBelowNinetySeconds() {
        try (SipTestClient client = node.connect()) {
            SIPResponse shorter = new ClientDialog(client, "sip:dan@example.com", POOL_URI).invite("Session-Expires: 600");
            SIPResponse tooShort = new ClientDialog(client, "sip:dan@example.com", POOL_URI).invite("Session-Expires: 30");

            assertThat(((SessionExpiresHeader) shorter.getHeader("Session-Expires")).getExpires()).isEqualTo(600);
            assertThat(((SessionExpiresHeader) tooShort.getHeader("Session-Expires")).getExpires()).isEqualTo(90);
        }
    }

    @Test
    void infoWithAValidEnvelopeReachesTheServiceOnTheEventLoopAndIsAnswered200() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:Erin@Example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);

            SIPResponse response = dialog.info(ENVELOPE);

            assertThat(response.getStatusCode()).isEqualTo(200);
            RecordingXccosService.Received received = node.service.envelopes.stream()
                    .filter(r -> r.session() == session).findFirst().orElseThrow();
            assertThat(received.envelope().envid()).isEqualTo(17);
            assertThat(received.envelope().items()).containsExactly(Command.of("requri", 1));
            assertThat(received.onEventLoop()).isTrue();
            assertThat(received.session().user()).isEqualTo("sip:erin@example.com");
        }
    }

    @Test
    void infoIsAnsweredWithTheServicesVerdictIncludingRetryAfter() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:frank@example.com", POOL_URI);
            dialog.invite();
            awaitStarted(dialog);
            try {
                node.service.answerWith(InfoVerdict.forbidden("Not A Member"));
                SIPResponse forbidden = dialog.info(ENVELOPE);
                node.service.answerWith(InfoVerdict.unavailable(7));
                SIPResponse unavailable = dialog.info(ENVELOPE);

                assertThat(forbidden.getStatusCode()).isEqualTo(403);
                assertThat(forbidden.getReasonPhrase()).isEqualTo("Not A Member");
                assertThat(unavailable.getStatusCode()).isEqualTo(503);
                assertThat(unavailable.getHeader("Retry-After").toString()).contains("7");
            } finally {
                node.service.answerWith(InfoVerdict.OK);
            }
        }
    }

    @Test
    void aVerdictThatCompletesLaterOnAnotherThreadIsSentWhenItCompletes() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:grace@example.com", POOL_URI);
            dialog.invite();
            awaitStarted(dialog);
            node.service.answerWith(e -> CompletableFuture.supplyAsync(() -> InfoVerdict.tooLarge("Message Too Long"),
                    CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)));
            try {
                assertThat(dialog.info(ENVELOPE).getStatusCode()).isEqualTo(413);
            } finally {
                node.service.answerWith(InfoVerdict.OK);
            }
        }
    }

    @Test
    void aMalformedEnvelopeIs400WithTheProblemAndTheConnectionStaysUsable() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:heidi@example.com", POOL_URI);
            dialog.invite();

            SIPResponse bad = dialog.info("<xccos ver=\"1\" envid=\"1\" xmlns=\"urn:parlano:xml:ns:xccos\"><cmd");

            assertThat(bad.getStatusCode()).isEqualTo(400);
            assertThat(bad.getReasonPhrase()).isNotBlank().isNotEqualTo("Bad Request");
            assertThat(dialog.info(ENVELOPE).getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBodyOverTheEnvelopeLimitIs413() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:ivan@example.com", POOL_URI);
            dialog.invite();
            String big = "<xccos ver=\"1\" envid=\"1\" xmlns=\"urn:parlano:xml:ns:xccos\">" + "<!-- x -->".repeat(7000) + "</xccos>";

            // 70,000 bytes: over the 64 KiB frame limit, so the decoder skips it and keeps framing
            assertThat(dialog.info(big).getStatusCode()).isEqualTo(413);
            assertThat(dialog.info(ENVELOPE).getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void anEnvelopeOverTheXccosLimitsIs413EvenWhenTheBodyFitsTheFrame() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:ivy@example.com", POOL_URI);
            dialog.invite();
            String deep = "<xccos ver=\"1\" envid=\"1\" xmlns=\"urn:parlano:xml:ns:xccos\">" + "<x>".repeat(40)
                    + "</x>".repeat(40) + "</xccos>";

            SIPResponse response = dialog.info(deep);

            assertThat(response.getStatusCode()).isEqualTo(413);
            assertThat(node.service.envelopes).noneMatch(r -> r.session().user().equals("sip:ivy@example.com"));
        }
    }

    @Test
    void aBodyThatIsNotTextPlainOrXmlIs415() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:judy@example.com", POOL_URI);
            dialog.invite();

            SIPResponse response = dialog.info("application/json", "{}".getBytes(StandardCharsets.UTF_8));

            assertThat(response.getStatusCode()).isEqualTo(415);
            assertThat(response.getHeader("Accept")).isNotNull();
            assertThat(dialog.info("application/xml", ENVELOPE.getBytes(StandardCharsets.UTF_8)).getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void infoOutsideAnyKnownDialogIs481() {
        try (SipTestClient client = node.connect()) {
            ClientDialog never = new ClientDialog(client, "sip:ken@example.com", POOL_URI);

            assertThat(never.info(ENVELOPE).getStatusCode()).isEqualTo(481);
        }
    }

    @Test
    void byeEndsTheDialogOnceAndLaterRequestsInItAre481() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:liz@example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);

            assertThat(dialog.bye().getStatusCode()).isEqualTo(200);
            assertThat(dialog.bye().getStatusCode()).isEqualTo(481);
            assertThat(dialog.info(ENVELOPE).getStatusCode()).isEqualTo(481);
            assertThat(session.isOpen()).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> !node.service.endsOf(session).isEmpty());
            assertThat(node.service.endsOf(session)).singleElement()
                    .satisfies(e -> assertThat(e.reason()).contains("BYE"))
                    .satisfies(e -> assertThat(e.onEventLoop()).isTrue());
        }
    }

    @Test
    void optionsIsAnswered200WithAllowInAndOutOfADialog() {
        try (SipTestClient client = node.connect()) {
            ClientDialog outside = new ClientDialog(client, "sip:mia@example.com", POOL_URI);
            SIPResponse out = outside.options();
            ClientDialog inside = new ClientDialog(client, "sip:mia@example.com", POOL_URI);
            inside.invite();
            SIPResponse in = inside.options();

            assertThat(out.getStatusCode()).isEqualTo(200);
            assertThat(in.getStatusCode()).isEqualTo(200);
            assertThat(allowed(out)).contains("INVITE", "ACK", "INFO", "UPDATE", "BYE", "CANCEL", "OPTIONS");
            assertThat(allowed(in)).isEqualTo(allowed(out));
        }
    }

    @Test
    void inDialogRequestsWithALowerCSeqAre500() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:nina@example.com", POOL_URI);
            dialog.invite();
            dialog.info(ENVELOPE);
            long replayed = dialog.cseq();
            client.send("INFO " + node.listener.nodeUri() + " SIP/2.0\nVia: SIP/2.0/TCP " + client.hostPort()
                    + ";branch=z9hG4bKold\nFrom: <sip:nina@example.com>;tag=" + dialog.fromTag() + "\nTo: <" + POOL_URI
                    + ">;tag=" + dialog.toTag() + "\nCall-ID: " + dialog.callId() + "\nCSeq: " + replayed + " INFO\n"
                    + "Content-Type: text/plain\nContent-Length: " + ENVELOPE.length() + "\n", ENVELOPE.getBytes(StandardCharsets.UTF_8));

            assertThat(client.awaitResponse(dialog.callId(), replayed).getStatusCode()).isEqualTo(500);
        }
    }

    @Test
    void aUserBeyondTheDialogLimitIsRefusedWith486() {
        try (SipTestClient client = node.connect()) {
            assertThat(new ClientDialog(client, "sip:oscar@example.com", POOL_URI).invite().getStatusCode()).isEqualTo(200);
            assertThat(new ClientDialog(client, "sip:oscar@example.com", POOL_URI).invite().getStatusCode()).isEqualTo(200);

            assertThat(new ClientDialog(client, "sip:Oscar@example.com", POOL_URI).invite().getStatusCode()).isEqualTo(486);
            assertThat(new ClientDialog(client, "sip:peggy@example.com", POOL_URI).invite().getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void requestsWithoutAViaBranchAreMatchedRfc2543Style() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:quinn@example.com", POOL_URI).withoutViaBranch();

            assertThat(dialog.invite().getStatusCode()).isEqualTo(200);
            ClientSession session = awaitStarted(dialog);
            assertThat(dialog.info(ENVELOPE).getStatusCode()).isEqualTo(200);
            assertThat(dialog.update().getStatusCode()).isEqualTo(200);
            assertThat(dialog.bye().getStatusCode()).isEqualTo(200);
            // the 200 may be on the wire before the service has been told
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(node.service.endsOf(session)).hasSize(1));
        }
    }

    @Test
    void aMethodSipDefinesButTheNodeDoesNotServeIs405WithAllowAndAnUnknownOneIs501() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:rob@example.com", POOL_URI);

            SIPResponse message = dialog.request("MESSAGE", new String[0], new byte[0]);
            SIPResponse unknown = dialog.request("FROBNICATE", new String[0], new byte[0]);

            assertThat(message.getStatusCode()).isEqualTo(405);
            assertThat(message.getHeader("Allow")).isNotNull();
            assertThat(unknown.getStatusCode()).isEqualTo(501);
        }
    }

    @Test
    void aCancelMatchingNoPendingInviteIs481() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:sam@example.com", POOL_URI);
            dialog.invite();

            assertThat(dialog.cancel().getStatusCode()).isEqualTo(481);
        }
    }

    static java.util.List<String> allowed(SIPResponse response) {
        java.util.List<String> methods = new java.util.ArrayList<>();
        response.getHeaders("Allow").forEachRemaining(h -> methods.add(((javax.sip.header.AllowHeader) h).getMethod()));
        return methods;
    }

    @Test
    void aPostIsAnsweredWithItsOwnViaFromToCallIdAndCseqAndTheDialogsToTag() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:peggy@example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);

            SIPResponse ok = dialog.info(ENVELOPE);

            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(ok.getCallId().getCallId()).isEqualTo(dialog.callId());
            assertThat(ok.getCSeq().getSeqNumber()).isEqualTo(dialog.cseq());
            assertThat(ok.getCSeq().getMethod()).isEqualTo("INFO");
            assertThat(ok.getFromTag()).isEqualTo(dialog.fromTag());
            assertThat(ok.getToTag()).isEqualTo(dialog.toTag());
            assertThat(ok.getTopmostVia().getBranch()).startsWith("z9hG4bK");
            assertThat(ok.getTopmostVia().getSentBy().toString()).isEqualTo(client.hostPort());
            assertThat(node.service.envelopes.stream().filter(r -> r.session() == session)).hasSize(1);
        }
    }

    @Test
    void aPostTheScanLeavesToTheFullParserIsTakenAndAnsweredAlike() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:quentin@example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);

            // a folded header line: the post path's scan leaves the request to JAIN-SIP
            SIPResponse ok = dialog.request("INFO", new String[] {"Subject: a folded\n  header line",
                "Content-Type: text/plain; charset=UTF-8"}, ENVELOPE.getBytes(StandardCharsets.UTF_8));

            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(ok.getToTag()).isEqualTo(dialog.toTag());
            assertThat(ok.getCSeq().getSeqNumber()).isEqualTo(dialog.cseq());
            assertThat(node.service.envelopes.stream().filter(r -> r.session() == session)).hasSize(1);
        }
    }

    @Test
    void aDialogTheNodeEndsIsAnsweredItsPendingPostBeforeTheByeAndTakesNothingNewMeanwhile() throws Exception {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:mallory@example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);
            CompletableFuture<InfoVerdict> stored = new CompletableFuture<>();
            node.service.answerWith(e -> stored);
            try {
                long post = dialog.sendInfo(ENVELOPE);
                await().atMost(Duration.ofSeconds(5)).until(() -> node.service.envelopes.stream().anyMatch(r -> r.session() == session));

                session.end("pool: the node left the active list");
                session.eventLoop().submit(() -> { }).get(5, TimeUnit.SECONDS); // the end has been taken

                assertThat(dialog.info(ENVELOPE)).satisfies(r -> {
                    assertThat(r.getStatusCode()).isEqualTo(503);
                    assertThat(r.getReasonPhrase()).isEqualTo("Session Ending");
                    assertThat(r.getHeader("Retry-After").toString()).contains("1");
                });
                assertThat(node.service.envelopes.stream().filter(r -> r.session() == session)).hasSize(1);
                assertThat(session.isOpen()).isTrue();
                assertThat(client.rawText()).doesNotContain("BYE sip:");

                stored.complete(InfoVerdict.OK);

                assertThat(client.awaitResponse(dialog.callId(), post).getStatusCode()).isEqualTo(200);
                SIPRequest bye = client.awaitRequest("BYE");
                assertThat(bye.getCallId().getCallId()).isEqualTo(dialog.callId());
                String wire = client.rawText();
                assertThat(wire.indexOf("CSeq: " + post + " INFO")).isLessThan(wire.indexOf("BYE sip:"));
                await().atMost(Duration.ofSeconds(5)).until(() -> node.service.endsOf(session).size() == 1);
                assertThat(node.service.endsOf(session).get(0).reason()).isEqualTo("pool: the node left the active list");
            } finally {
                node.service.answerWith(InfoVerdict.OK);
            }
        }
    }

    @Test
    void aDialogTheNodeEndsWithNothingPendingGetsItsByeAtOnce() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:niaj@example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);
            assertThat(dialog.info(ENVELOPE).getStatusCode()).isEqualTo(200);

            session.end("pool: the node left the active list");

            assertThat(client.awaitRequest("BYE").getCallId().getCallId()).isEqualTo(dialog.callId());
            await().atMost(Duration.ofSeconds(5)).until(() -> node.service.endsOf(session).size() == 1);
        }
    }

    static ClientSession awaitStarted(ClientDialog dialog) {
        return ChatDialogTestSupport.startedSession(node, dialog);
    }
}
