package io.pchat.server.sip;

import static io.pchat.server.sip.ListenerFixture.ENVELOPE;
import static io.pchat.server.sip.ListenerFixture.POOL_URI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pchat.protocol.xccos.CommandRef;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.Resp;
import io.pchat.protocol.xccos.XccosDecodeResult;
import io.pchat.protocol.xccos.XccosReader;
import io.pchat.protocol.xccos.XccosWriter;
import io.pchat.server.session.ClientSession;

/** What a connection does with keep-alives, broken input, node requests and its own loss. */
class ConnectionTest {

    private static ListenerFixture node;

    @BeforeAll
    static void startListener() throws Exception {
        node = ListenerFixture.start(b -> b);
    }

    @AfterAll
    static void stopListener() throws Exception {
        node.close();
    }

    @Test
    void aDoubleCrlfPingIsAnsweredWithASingleCrlf() throws Exception {
        try (SipTestClient client = node.connect()) {
            client.sendRaw("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            await().atMost(Duration.ofSeconds(5)).until(() -> client.rawText().equals("\r\n"));
            Thread.sleep(50);
            assertThat(client.rawText()).isEqualTo("\r\n");
        }
    }

    @Test
    void garbageBytesAreAnswered400AndTheConnectionIsClosed() throws Exception {
        try (SipTestClient client = node.connect()) {
            client.sendRaw(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00});

            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(client.rawText()).startsWith("SIP/2.0 400 ");
        }
    }

    @Test
    void aMessageWithAnUnparseableHeaderIsAnswered400WithTheProblemAndTheConnectionStays() throws Exception {
        try (SipTestClient client = node.connect()) {
            client.send("INVITE sip:pchat@example.com SIP/2.0\nVia: SIP/2.0/TCP " + client.hostPort() + ";branch=z9hG4bKx1\n"
                    + "From: <sip:a@example.com>;tag=1\nTo: <sip:pchat@example.com>\nCall-ID: bad-1\nCSeq: one INVITE\n"
                    + "Content-Length: 0\n", new byte[0]);

            await().atMost(Duration.ofSeconds(5)).until(() -> client.rawText().contains("\r\n\r\n"));
            assertThat(client.rawText()).startsWith("SIP/2.0 400 ").contains("Call-ID: bad-1");
            assertThat(new ClientDialog(client, "sip:a@example.com", POOL_URI).options().getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void theNodesEnvelopesArriveAsInfosWithIncreasingCSeqAndTheDialogsIdentity() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:alice@example.com", POOL_URI).withoutViaBranch();
            dialog.invite();
            ClientSession session = awaitStarted(dialog);

            session.send(reply(100));
            session.send(reply(101));
            SIPRequest first = client.awaitRequest("INFO");
            SIPRequest second = client.awaitRequest("INFO");

            assertThat(first.getCallId().getCallId()).isEqualTo(dialog.callId());
            assertThat(first.getFrom().getAddress().getURI().toString()).isEqualTo(POOL_URI);
            assertThat(first.getFromTag()).isEqualTo(dialog.toTag());
            assertThat(first.getTo().getAddress().getURI().toString()).isEqualTo("sip:alice@example.com");
            assertThat(first.getToTag()).isEqualTo(dialog.fromTag());
            assertThat(first.getTo().getParameter("epid")).isEqualTo("01010101");
            assertThat(first.getRequestURI().toString()).isEqualTo("sip:alice@" + client.hostPort() + ";transport=tcp");
            assertThat(first.getTopmostVia().getTransport()).isEqualTo("tcp");
            assertThat(first.getContentTypeHeader().getContentType()).isEqualTo("text");
            assertThat(second.getCSeq().getSeqNumber()).isEqualTo(first.getCSeq().getSeqNumber() + 1);
            assertThat(envidOf(first)).isEqualTo(100);
            assertThat(envidOf(second)).isEqualTo(101);

            dialog.answer(first, 200);
            dialog.answer(second, 200);
            assertThat(dialog.info(ENVELOPE).getStatusCode()).isEqualTo(200);
            assertThat(session.isOpen()).isTrue();
        }
    }

    @Test
    void a481AnswerToANodeInfoEndsTheDialogWithoutBye() throws Exception {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:bob@example.com", POOL_URI);
            dialog.invite();
            ClientSession session = awaitStarted(dialog);

            session.send(reply(1));
            dialog.answer(client.awaitRequest("INFO"), 481);

            await().atMost(Duration.ofSeconds(5)).until(() -> !node.service.endsOf(session).isEmpty());
            assertThat(node.service.endsOf(session).get(0).reason()).contains("481");
            assertThat(session.isOpen()).isFalse();
            assertThat(client.receivesRequestWithin("BYE", Duration.ofMillis(100))).isFalse();
            assertThat(dialog.info(ENVELOPE).getStatusCode()).isEqualTo(481);
        }
    }

    @Test
    void aSharedBodyIsWrittenToEveryDialogOfAConnectionAndTheCallerKeepsItsReference() {
        try (SipTestClient client = node.connect()) {
            ClientDialog one = new ClientDialog(client, "sip:carol@example.com", POOL_URI);
            ClientDialog two = new ClientDialog(client, "sip:dave@example.com", POOL_URI);
            one.invite();
            two.invite();
            ClientSession s1 = awaitStarted(one);
            ClientSession s2 = awaitStarted(two);
            ByteBuf body = Unpooled.directBuffer().writeBytes(new XccosWriter().encode(reply(7)));

            s1.eventLoop().submit(() -> {
                s1.sendShared(body);
                s2.sendShared(body);
                s1.flush();
            }).syncUninterruptibly();

            SIPRequest a = client.awaitRequest("INFO");
            SIPRequest b = client.awaitRequest("INFO");
            assertThat(List.of(a.getCallId().getCallId(), b.getCallId().getCallId()))
                    .containsExactlyInAnyOrder(one.callId(), two.callId());
            assertThat(envidOf(a)).isEqualTo(7);
            assertThat(envidOf(b)).isEqualTo(7);
            await().atMost(Duration.ofSeconds(5)).until(() -> body.refCnt() == 1);
            assertThat(body.readableBytes()).isPositive();
            body.release();
        }
    }

    @Test
    void aConnectionResetEndsEveryDialogOnIt() {
        SipTestClient client = node.connect();
        ClientDialog one = new ClientDialog(client, "sip:erin@example.com", POOL_URI);
        ClientDialog two = new ClientDialog(client, "sip:erin@example.com", POOL_URI);
        one.invite();
        two.invite();
        ClientSession s1 = awaitStarted(one);
        ClientSession s2 = awaitStarted(two);

        client.reset();

        await().atMost(Duration.ofSeconds(5)).until(() -> node.service.endsOf(s1).size() == 1 && node.service.endsOf(s2).size() == 1);
        assertThat(node.service.endsOf(s1).get(0).reason()).isEqualTo("connection lost");
        assertThat(node.listener.dialogs().ofUser("sip:erin@example.com")).isEmpty();
        assertThat(s1.isOpen()).isFalse();
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        try (ListenerFixture small = ListenerFixture.start(b -> b.maxConnections(1));
             SipTestClient first = small.connect()) {
            assertThat(new ClientDialog(first, "sip:f@example.com", POOL_URI).options().getStatusCode()).isEqualTo(200);
            try (SipTestClient second = small.connect()) {
                assertThat(second.awaitClosed(Duration.ofSeconds(5))).isTrue();
            }
            assertThat(new ClientDialog(first, "sip:f@example.com", POOL_URI).options().getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void stoppingTheListenerEndsEveryDialogWithByeAndClosesConnections() throws Exception {
        ListenerFixture stopping = ListenerFixture.start(b -> b);
        try (SipTestClient client = stopping.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:gina@example.com", POOL_URI);
            dialog.invite();
            await().atMost(Duration.ofSeconds(5)).until(() -> stopping.service.started.size() == 1);

            stopping.close();

            SIPRequest bye = client.awaitRequest("BYE");
            assertThat(bye.getCallId().getCallId()).isEqualTo(dialog.callId());
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(stopping.service.ended).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo("node stopping"));
        }
    }

    @Test
    void aConnectionThatStaysAboveItsHighWaterMarkHasItsDialogsEndedAndIsClosed() throws Exception {
        try (ListenerFixture slow = ListenerFixture.start(b -> b.outboundHighWaterMark(64 * 1024)
                .outboundStallLimit(Duration.ofMillis(300)));
             java.net.Socket reader = new java.net.Socket()) {
            reader.setReceiveBufferSize(4096);
            reader.connect(new java.net.InetSocketAddress("127.0.0.1", slow.port()), 5000);
            String hostPort = "127.0.0.1:" + reader.getLocalPort();
            reader.getOutputStream().write(("INVITE sip:pchat@example.com SIP/2.0\r\nVia: SIP/2.0/TCP " + hostPort
                    + ";branch=z9hG4bKslow\r\nFrom: <sip:slow@example.com>;tag=s1\r\nTo: <sip:pchat@example.com>\r\n"
                    + "Call-ID: slow-reader\r\nCSeq: 1 INVITE\r\nContact: <sip:slow@" + hostPort + ">\r\n"
                    + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ClientSession session = await().atMost(Duration.ofSeconds(5))
                    .until(() -> slow.service.started.stream().findFirst().orElse(null), s -> s != null);
            Envelope big = Envelope.of(1, java.util.stream.LongStream.range(0, 1000)
                    .mapToObj(i -> io.pchat.protocol.xccos.Command.of("requri", i)).toList());

            for (int i = 0; i < 300 && session.isOpen(); i++) {
                session.send(big); // about 15 MB in all, and the client reads none of it
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> slow.service.endsOf(session).size() == 1);
            assertThat(slow.service.endsOf(session).get(0).reason()).isEqualTo("outbound stalled");
            await().atMost(Duration.ofSeconds(5)).until(() -> slow.listener.connectionCount() == 0);
        }
    }

    static Envelope reply(long envid) {
        return Envelope.of(envid, new Reply("requri", 1, new CommandRef(1, 17), Resp.OK, List.of()));
    }

    static long envidOf(SIPRequest info) {
        return ((XccosDecodeResult.Decoded) new XccosReader().read(info.getRawContent())).envelope().envid();
    }

    private static ClientSession awaitStarted(ClientDialog dialog) {
        return ChatDialogTestSupport.startedSession(node, dialog);
    }
}
