package io.pchat.server.sip;

import static io.pchat.server.sip.ListenerFixture.ENVELOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pchat.protocol.xccos.Command;
import io.pchat.server.session.ClientSession;

/**
 * Interoperability with an independent SIP stack: JAIN-SIP's reference implementation, as a user
 * agent over TCP with its own transactions and dialog layer, runs a whole chat session against
 * the listener: INVITE, ACK, INFO with an envelope, a node INFO answered 200, BYE.
 */
class JainSipInteropTest {

    private static ListenerFixture node;
    private static SipStack stack;
    private static SipProvider provider;
    private static AddressFactory addresses;
    private static HeaderFactory headers;
    private static MessageFactory messages;
    private static int uaPort;
    private static final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private static final BlockingQueue<Request> nodeRequests = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        node = ListenerFixture.start(b -> b);
        try (ServerSocket probe = new ServerSocket(0)) {
            uaPort = probe.getLocalPort();
        }
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", "pchat-interop-ua");
        properties.setProperty("javax.sip.OUTBOUND_PROXY", "127.0.0.1:" + node.port() + "/tcp");
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        stack = factory.createSipStack(properties);
        addresses = factory.createAddressFactory();
        headers = factory.createHeaderFactory();
        messages = factory.createMessageFactory();
        ListeningPoint point = stack.createListeningPoint("127.0.0.1", uaPort, ListeningPoint.TCP);
        provider = stack.createSipProvider(point);
        provider.addSipListener(new UserAgent());
        stack.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.stop();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aJainSipUserAgentRunsAWholeChatSessionAgainstTheListener() throws Exception {
        Request invite = invite();
        ClientTransaction inviteTransaction = provider.getNewClientTransaction(invite);
        inviteTransaction.sendRequest();
        Response ok = nextFinalResponse();
        assertThat(ok.getStatusCode()).isEqualTo(200);
        Dialog dialog = inviteTransaction.getDialog();
        dialog.sendAck(dialog.createAck(((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber()));
        String callId = ((javax.sip.header.CallIdHeader) invite.getHeader("Call-ID")).getCallId();
        ClientSession session = ChatDialogTestSupport.startedSession(node, callId);

        Request info = dialog.createRequest(Request.INFO);
        info.setContent(ENVELOPE.getBytes(StandardCharsets.UTF_8), headers.createContentTypeHeader("text", "plain"));
        dialog.sendRequest(provider.getNewClientTransaction(info));
        assertThat(nextFinalResponse().getStatusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.service.envelopes.stream().anyMatch(r -> r.session() == session));
        assertThat(node.service.envelopes.stream().filter(r -> r.session() == session).findFirst().orElseThrow()
                .envelope().items()).containsExactly(Command.of("requri", 1));

        session.send(ConnectionTest.reply(42));
        Request nodeInfo = nodeRequests.poll(5, TimeUnit.SECONDS);
        assertThat(nodeInfo).isNotNull();
        assertThat(nodeInfo.getMethod()).isEqualTo(Request.INFO);
        assertThat(new String(nodeInfo.getRawContent(), StandardCharsets.UTF_8)).contains("envid=\"42\"");
        assertThat(nodeInfo.getHeader("Call-ID").toString()).contains(callId);
        Thread.sleep(50); // the UA's 200 reaches the node; a refusal would end the session
        assertThat(session.isOpen()).isTrue();

        dialog.sendRequest(provider.getNewClientTransaction(dialog.createRequest(Request.BYE)));
        assertThat(nextFinalResponse().getStatusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.service.endsOf(session).size() == 1);
        assertThat(session.isOpen()).isFalse();
    }

    private static Request invite() throws Exception {
        Address from = addresses.createAddress("sip:alice@example.com");
        Address to = addresses.createAddress(ListenerFixture.POOL_URI);
        ViaHeader via = headers.createViaHeader("127.0.0.1", uaPort, "tcp", null);
        Request invite = messages.createRequest(addresses.createURI(ListenerFixture.POOL_URI), Request.INVITE,
                provider.getNewCallId(), headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(from, "ua-tag-1"), headers.createToHeader(to, null), List.of(via),
                headers.createMaxForwardsHeader(70));
        invite.addHeader(headers.createContactHeader(addresses.createAddress("sip:alice@127.0.0.1:" + uaPort + ";transport=tcp")));
        invite.setContent(ClientDialog.SDP_OFFER, headers.createContentTypeHeader("application", "sdp"));
        return invite;
    }

    private static Response nextFinalResponse() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Response r = responses.poll(100, TimeUnit.MILLISECONDS);
            if (r != null && r.getStatusCode() >= 200) {
                return r;
            }
        }
        throw new AssertionError("no final response within 5 s");
    }

    /** The UA's event handler: queues responses and answers every node request 200. */
    private static final class UserAgent implements javax.sip.SipListener {
        @Override
        public void processRequest(RequestEvent event) {
            try {
                ServerTransaction transaction = event.getServerTransaction() != null
                        ? event.getServerTransaction() : provider.getNewServerTransaction(event.getRequest());
                nodeRequests.add(event.getRequest());
                transaction.sendResponse(messages.createResponse(200, event.getRequest()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
            responses.add(event.getResponse());
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }
}
