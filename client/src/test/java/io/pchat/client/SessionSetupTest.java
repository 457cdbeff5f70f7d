package io.pchat.client;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** How a client sets up its session: INVITE shape, ACK, Digest, redirects, refusals. */
class SessionSetupTest {

    private FakeChatNode node;

    @BeforeEach
    void start() throws Exception {
        node = new FakeChatNode();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void invitesTheServiceUriWithAnImOfferAndSessionTimerThenAcks() throws Exception {
        try (ChatClient client = ChatClient.open(node.options())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> node.requests("ACK").size() == 1);
            SIPRequest invite = node.requests("INVITE").get(0);

            assertThat(invite.getRequestURI().toString()).isEqualTo("sip:pchat@example.com");
            assertThat(invite.getTo().getAddress().getURI().toString()).isEqualTo("sip:pchat@example.com");
            assertThat(invite.getTo().getTag()).isNull();
            assertThat(invite.getFrom().getAddress().getURI().toString()).isEqualTo("sip:alice@example.com");
            assertThat(invite.getFrom().getTag()).isNotBlank();
            assertThat(invite.getCallId().getCallId()).isEqualTo(client.callId());
            assertThat(invite.getCSeq().getSeqNumber()).isEqualTo(1);
            assertThat(header(invite, "Contact")).startsWith("<sip:alice@127.0.0.1:").endsWith(";transport=tcp>");
            assertThat(header(invite, "Session-Expires")).isEqualTo("1800");
            assertThat(header(invite, "Supported")).isEqualTo("timer");
            assertThat(invite.getTopmostVia().getBranch()).startsWith("z9hG4bK");
            assertThat(invite.getContentTypeHeader().getContentType() + "/" + invite.getContentTypeHeader().getContentSubType())
                    .isEqualTo("application/sdp");
            assertThat(new String(invite.getRawContent(), StandardCharsets.US_ASCII))
                    .contains("m=message 5060 sip null\r\n", "a=accept-types:text/plain\r\n");

            SIPRequest ack = node.requests("ACK").get(0);
            assertThat(ack.getCallId().getCallId()).isEqualTo(client.callId());
            assertThat(ack.getCSeq().getSeqNumber()).isEqualTo(1);
            assertThat(ack.getTo().getTag()).as("the node's tag").startsWith("node");
            assertThat(ack.getFrom().getTag()).isEqualTo(invite.getFrom().getTag());
            assertThat(ack.getRequestURI().toString()).as("the node's Contact").contains("127.0.0.1:" + node.port());
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void answersTheSha256ChallengeWhenBothAreOffered() throws Exception {
        node.password = "s3cret";
        node.challengeAlgorithms = List.of("MD5", "SHA-256");
        try (ChatClient client = ChatClient.open(node.options().withPassword("s3cret"))) {
            assertThat(node.digestChecks()).containsExactly("ok");
            List<SIPRequest> invites = node.requests("INVITE");
            assertThat(invites).hasSize(2);
            assertThat(header(invites.get(1), "Authorization")).contains("algorithm=SHA-256", "qop=auth", "nc=00000001");
            assertThat(invites.get(1).getCallId().getCallId()).isEqualTo(invites.get(0).getCallId().getCallId());
            assertThat(invites.get(1).getFrom().getTag()).isEqualTo(invites.get(0).getFrom().getTag());
            assertThat(invites.get(1).getCSeq().getSeqNumber()).isEqualTo(2);
            // the 401 and the 200 are both acknowledged
            await().atMost(Duration.ofSeconds(5)).until(() -> node.requests("ACK").size() == 2);
        }
    }

    @Test
    void answersAnMd5OnlyChallenge() throws Exception {
        node.password = "s3cret";
        node.challengeAlgorithms = List.of("MD5");
        try (ChatClient client = ChatClient.open(node.options().withPassword("s3cret"))) {
            assertThat(node.digestChecks()).containsExactly("ok");
            assertThat(header(node.requests("INVITE").get(1), "Authorization")).contains("algorithm=MD5");
        }
    }

    @Test
    void aWrongPasswordIsTriedOnceAndRefused() {
        node.password = "s3cret";
        assertThatThrownBy(() -> ChatClient.open(node.options().withPassword("guess")))
                .isInstanceOfSatisfying(SessionRefusedException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(node.digestChecks()).hasSize(1).first().asString().startsWith("wrong response");
    }

    @Test
    void aChallengeWithoutAPasswordIsARefusal() {
        node.password = "s3cret";
        assertThatThrownBy(() -> ChatClient.open(node.options()))
                .isInstanceOfSatisfying(SessionRefusedException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void followsA302ToTheNodeItNames() throws Exception {
        try (FakeChatNode active = new FakeChatNode()) {
            node.redirectTo = "sip:pchat@127.0.0.1:" + active.port() + ";transport=tcp";
            try (ChatClient client = ChatClient.open(node.options())) {
                assertThat(client.isOpen()).isTrue();
                assertThat(node.requests("INVITE")).hasSize(1);
                assertThat(active.requests("INVITE")).hasSize(1);
                await().atMost(Duration.ofSeconds(5)).until(() -> active.requests("ACK").size() == 1);
            }
        }
    }

    @Test
    void redirectsAreBounded() {
        node.redirectTo = "sip:pchat@127.0.0.1:" + node.port() + ";transport=tcp";
        assertThatThrownBy(() -> ChatClient.open(node.options().withMaxRedirects(2)))
                .isInstanceOfSatisfying(SessionRefusedException.class, e -> assertThat(e.status()).isEqualTo(302));
        assertThat(node.requests("INVITE")).hasSize(3);
    }

    @Test
    void aRefusedInviteFailsWithItsStatus() {
        node.inviteStatus = 503;
        assertThatThrownBy(() -> ChatClient.open(node.options()))
                .isInstanceOfSatisfying(SessionRefusedException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void nobodyListeningIsAConnectFailure() {
        int port = node.port();
        node.close();
        assertThatThrownBy(() -> ChatClient.open(node.options().withServer("127.0.0.1", port)))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void canBindTheLocalEndToAGivenAddress() throws Exception {
        try (ChatClient client = ChatClient.open(node.options().withLocalAddress("127.0.0.2"))) {
            assertThat(client.localAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.2");
        }
    }

    static String header(SIPRequest request, String name) {
        SIPHeader h = (SIPHeader) request.getHeader(name);
        return h == null ? null : h.getHeaderValue().strip();
    }
}
