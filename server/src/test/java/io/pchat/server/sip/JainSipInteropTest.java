package io.pchat.server.sip;

import static io.pchat.server.sip.ListenerFixture.ENVELOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.sip.Dialog;
import javax.sip.message.Request;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pchat.protocol.xccos.Command;
import io.pchat.server.session.ClientSession;

/**
 * Interoperability with an independent SIP stack: JAIN-SIP's own {@code SipStack}, not our codec,
 * as a user agent over TCP runs a whole chat session against the listener: INVITE, ACK, an INFO
 * with an XCCOS command, a node INFO answered 200, BYE.
 */
class JainSipInteropTest {

    private static ListenerFixture node;
    private static JainSipUserAgent ua;

    @BeforeAll
    static void start() throws Exception {
        node = ListenerFixture.start(b -> b);
        ua = new JainSipUserAgent("pchat-interop-ua", node.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (ua != null) {
            ua.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aJainSipUserAgentRunsAWholeChatSessionAgainstTheListener() throws Exception {
        JainSipUserAgent.Established call = ua.invite("sip:alice@example.com", "ua-tag-1", ListenerFixture.POOL_URI);
        assertThat(call.ok().getStatusCode()).isEqualTo(200);
        Dialog dialog = call.dialog();
        ClientSession session = ChatDialogTestSupport.startedSession(node, call.callId());

        assertThat(ua.info(dialog, ENVELOPE).getStatusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.service.envelopes.stream().anyMatch(r -> r.session() == session));
        assertThat(node.service.envelopes.stream().filter(r -> r.session() == session).findFirst().orElseThrow()
                .envelope().items()).containsExactly(Command.of("requri", 1));

        session.send(ConnectionTest.reply(42));
        Request nodeInfo = ua.nextNodeRequest(Duration.ofSeconds(5));
        assertThat(nodeInfo).isNotNull();
        assertThat(nodeInfo.getMethod()).isEqualTo(Request.INFO);
        assertThat(new String(nodeInfo.getRawContent(), StandardCharsets.UTF_8)).contains("envid=\"42\"");
        assertThat(nodeInfo.getHeader("Call-ID").toString()).contains(call.callId());
        Thread.sleep(50); // the UA's 200 reaches the node; a refusal would end the session
        assertThat(session.isOpen()).isTrue();

        assertThat(ua.bye(dialog).getStatusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.service.endsOf(session).size() == 1);
        assertThat(session.isOpen()).isFalse();
    }
}
