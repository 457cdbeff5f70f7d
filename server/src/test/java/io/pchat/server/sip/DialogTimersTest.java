package io.pchat.server.sip;

import static io.pchat.server.sip.ListenerFixture.ENVELOPE;
import static io.pchat.server.sip.ListenerFixture.POOL_URI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.header.extensions.SessionExpiresHeader;
import gov.nist.javax.sip.message.SIPRequest;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.pchat.server.session.ClientSession;
import io.pchat.server.session.InfoVerdict;

/**
 * Session timers and node transaction timeouts. Time is a mock ticker the tests move, so a 90 s
 * session or a 32 s transaction timeout takes milliseconds; the sweep itself runs every 20 ms.
 */
class DialogTimersTest {

    private static final MockTicker clock = Ticker.newMockTicker();
    private static ListenerFixture node;

    @BeforeAll
    static void startListener() throws Exception {
        node = ListenerFixture.start(b -> b.sessionExpiresSeconds(120), Runnable::run, clock);
    }

    @AfterAll
    static void stopListener() throws Exception {
        node.close();
    }

    @Test
    void aSessionWithoutRefreshIsEndedWithByeWhenItExpires() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:alice@example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);

            clock.advance(121, TimeUnit.SECONDS);

            SIPRequest bye = client.awaitRequest("BYE");
            assertThat(bye.getCallId().getCallId()).isEqualTo(dialog.callId());
            assertThat(bye.getFromTag()).isEqualTo(dialog.toTag());
            assertThat(bye.getToTag()).isEqualTo(dialog.fromTag());
            await().atMost(Duration.ofSeconds(5)).until(() -> node.service.endsOf(session).size() == 1);
            assertThat(node.service.endsOf(session).get(0).reason()).isEqualTo("session expired");
        }
    }

    @Test
    void anUpdateRestartsTheSessionTimer() throws Exception {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:bob@example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);

            clock.advance(100, TimeUnit.SECONDS);
            var ok = dialog.update("Session-Expires: 120;refresher=uac");
            clock.advance(100, TimeUnit.SECONDS);

            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(((SessionExpiresHeader) ok.getHeader("Session-Expires")).getExpires()).isEqualTo(120);
            assertThat(client.receivesRequestWithin("BYE", Duration.ofMillis(150))).isFalse();
            assertThat(session.isOpen()).isTrue();
            clock.advance(21, TimeUnit.SECONDS);
            assertThat(client.awaitRequest("BYE").getCallId().getCallId()).isEqualTo(dialog.callId());
        }
    }

    @Test
    void aReInviteRestartsTheSessionTimerAndIsAnsweredWithSdp() throws Exception {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:carol@example.com", POOL_URI).withoutViaBranch();
            dialog.invite();
            ClientSession session = awaitStarted(dialog);

            clock.advance(100, TimeUnit.SECONDS);
            var ok = dialog.reInvite();
            clock.advance(100, TimeUnit.SECONDS);

            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(ok.getContentTypeHeader().getContentSubType()).isEqualTo("sdp");
            assertThat(client.receivesRequestWithin("BYE", Duration.ofMillis(150))).isFalse();
            assertThat(session.isOpen()).isTrue();
            assertThat(dialog.info(ENVELOPE).getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void aNodeInfoLeftUnansweredForTheTransactionTimeoutEndsTheDialog() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:dave@example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);
            session.send(ConnectionTest.reply(1));
            client.awaitRequest("INFO");

            clock.advance(31, TimeUnit.SECONDS);
            dialog.update(); // keeps the session timer out of the way; the INFO is still unanswered
            clock.advance(2, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(5)).until(() -> node.service.endsOf(session).size() == 1);
            assertThat(node.service.endsOf(session).get(0).reason()).contains("no answer to node INFO");
            assertThat(client.awaitRequest("BYE").getCallId().getCallId()).isEqualTo(dialog.callId());
        }
    }

    @Test
    void answeredNodeInfosDoNotTimeOut() throws Exception {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:erin@example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);
            session.send(ConnectionTest.reply(1));
            dialog.answer(client.awaitRequest("INFO"), 200);
            assertThat(dialog.info(ENVELOPE).getStatusCode()).isEqualTo(200); // the 200 has been read by now

            clock.advance(33, TimeUnit.SECONDS);
            dialog.update();
            Thread.sleep(100);

            assertThat(session.isOpen()).isTrue();
            assertThat(node.service.endsOf(session)).isEmpty();
        }
    }

    @Test
    void a408AnswerToANodeInfoEndsTheDialog() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:frank@example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);
            session.send(ConnectionTest.reply(1));

            dialog.answer(client.awaitRequest("INFO"), 408);

            await().atMost(Duration.ofSeconds(5)).until(() -> node.service.endsOf(session).size() == 1);
            assertThat(node.service.endsOf(session).get(0).reason()).contains("408");
        }
    }

    @Test
    void aDialogTheNodeEndsWhoseAnswerNeverComesGetsItsByeAfterTheNodeRequestTimeout() throws Exception {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:olivia@example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);
            node.service.answerWith(e -> new CompletableFuture<>());
            try {
                dialog.sendInfo(ENVELOPE);
                await().atMost(Duration.ofSeconds(5)).until(() -> node.service.envelopes.stream().anyMatch(r -> r.session() == session));
                session.end("pool: drained");
                session.eventLoop().submit(() -> { }).get(5, TimeUnit.SECONDS); // the end has been taken

                clock.advance(31, TimeUnit.SECONDS);
                assertThat(client.receivesRequestWithin("BYE", Duration.ofMillis(200))).isFalse();
                clock.advance(2, TimeUnit.SECONDS); // past sip.nodeRequestTimeout (32 s)

                assertThat(client.awaitRequest("BYE").getCallId().getCallId()).isEqualTo(dialog.callId());
                await().atMost(Duration.ofSeconds(5)).until(() -> node.service.endsOf(session).size() == 1);
                assertThat(node.service.endsOf(session).get(0).reason()).isEqualTo("pool: drained");
            } finally {
                node.service.answerWith(InfoVerdict.OK);
            }
        }
    }

    private static ClientSession awaitStarted(ClientDialog dialog) {
        return ChatDialogTestSupport.startedSession(node, dialog);
    }
}
