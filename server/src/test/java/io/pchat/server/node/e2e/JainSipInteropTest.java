package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.ChattingTest.joined;
import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.NoticeNames;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.XccosDecodeResult;
import io.pchat.protocol.xccos.XccosReader;
import io.pchat.server.sip.ClientDialog;
import io.pchat.storage.log.StoredMessage;

/**
 * Interoperability of the real node with an independent SIP stack: JAIN-SIP's reference
 * implementation as a user agent over TCP, with its own transactions and dialog layer, runs a
 * chat session: INVITE, ACK, INFO cmd:join of the Lobby, INFO grpchat; it receives and answers
 * 200 the node's rpl:join and the delivery of its message; then BYE, after which a client in
 * the room hears ntc:part.
 */
class JainSipInteropTest {

    @TempDir
    static Path dir;
    static TestNode node;
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
        node = TestNode.start(dir);
        try (ServerSocket probe = new ServerSocket(0)) {
            uaPort = probe.getLocalPort();
        }
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", "pchat-e2e-interop-ua");
        properties.setProperty("javax.sip.OUTBOUND_PROXY", "127.0.0.1:" + node.node.sipPort() + "/tcp");
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
    void aJainSipUserAgentJoinsTheLobbyPostsHearsItsMessageAndLeaves() throws Exception {
        RoomUri lobby = node.lobby();
        ChatClient watcher = node.connect(user("watcher"));
        Recorder watcherHears = Recorder.on(watcher);
        joined(watcher, lobby);

        Request invite = invite();
        ClientTransaction inviteTransaction = provider.getNewClientTransaction(invite);
        inviteTransaction.sendRequest();
        Response ok = nextFinalResponse();
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(ok.getHeader("Session-Expires").toString()).contains("refresher=uac");
        Dialog dialog = inviteTransaction.getDialog();
        dialog.sendAck(dialog.createAck(((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber()));

        assertThat(info(dialog, RawXccos.join(lobby)).getStatusCode()).isEqualTo(200);
        Reply joinReply = (Reply) nextNodeItem(dialog);
        assertThat(joinReply.name()).isEqualTo("join");
        assertThat(joinReply.resp().code()).isEqualTo(200);
        assertThat(joinReply.commandId().envid()).isEqualTo(101);
        watcherHears.awaitNotices(NoticeNames.JOIN, 1);

        assertThat(info(dialog, RawXccos.post(lobby, "sip:someone-else@example.com", "hello from JAIN-SIP")).getStatusCode())
                .isEqualTo(200);
        GroupChat delivered = (GroupChat) nextNodeItem(dialog);
        assertThat(delivered.chat()).isEqualTo("hello from JAIN-SIP");
        assertThat(delivered.author()).isEqualTo(user("alice"));
        assertThat(delivered.chanUri()).isEqualTo(lobby.toString());
        StoredMessage stored = node.stored(node.lobbyRoom()).get(0);
        assertThat(delivered.msgid()).isEqualTo(stored.msgid());
        assertThat(stored.author()).isEqualTo(user("alice"));
        assertThat(watcherHears.awaitMessages(lobby, 1).get(0).msgid()).isEqualTo(stored.msgid());

        dialog.sendRequest(provider.getNewClientTransaction(dialog.createRequest(Request.BYE)));
        assertThat(nextFinalResponse().getStatusCode()).isEqualTo(200);
        assertThat(watcherHears.awaitNotices(NoticeNames.PART, 1).get(0).data().toString()).contains(user("alice"));
        await().atMost(TestNode.WAIT).until(() -> !node.joined(node.lobbyRoom(), user("alice")));
    }

    private static Response info(Dialog dialog, String xccos) throws Exception {
        Request info = dialog.createRequest(Request.INFO);
        info.setContent(xccos.getBytes(StandardCharsets.UTF_8), headers.createContentTypeHeader("text", "plain"));
        dialog.sendRequest(provider.getNewClientTransaction(info));
        return nextFinalResponse();
    }

    /** The single item of the next INFO the node sent in the dialog (already answered 200 by the UA). */
    private static Object nextNodeItem(Dialog dialog) throws InterruptedException {
        Request request = nodeRequests.poll(10, TimeUnit.SECONDS);
        assertThat(request).as("a node INFO").isNotNull();
        assertThat(request.getMethod()).isEqualTo(Request.INFO);
        assertThat(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId()).isEqualTo(dialog.getCallId().getCallId());
        XccosDecodeResult decoded = new XccosReader().read(request.getRawContent());
        assertThat(decoded).isInstanceOf(XccosDecodeResult.Decoded.class);
        List<?> items = ((XccosDecodeResult.Decoded) decoded).envelope().items();
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static Request invite() throws Exception {
        String service = "sip:pchat@example.com";
        Address from = addresses.createAddress(user("alice"));
        Address to = addresses.createAddress(service);
        ViaHeader via = headers.createViaHeader("127.0.0.1", uaPort, "tcp", null);
        Request invite = messages.createRequest(addresses.createURI(service), Request.INVITE,
                provider.getNewCallId(), headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(from, "e2e-ua-1"), headers.createToHeader(to, null), List.of(via),
                headers.createMaxForwardsHeader(70));
        invite.addHeader(headers.createContactHeader(addresses.createAddress("sip:alice@127.0.0.1:" + uaPort + ";transport=tcp")));
        invite.addHeader(headers.createSupportedHeader("timer"));
        invite.setContent(ClientDialog.SDP_OFFER, headers.createContentTypeHeader("application", "sdp"));
        return invite;
    }

    private static Response nextFinalResponse() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Response r = responses.poll(100, TimeUnit.MILLISECONDS);
            if (r != null && r.getStatusCode() >= 200) {
                return r;
            }
        }
        throw new AssertionError("no final response within 10 s");
    }

    /** The UA's event handler: queues responses and node requests, answering every node request 200. */
    private static final class UserAgent implements javax.sip.SipListener {
        @Override
        public void processRequest(RequestEvent event) {
            try {
                ServerTransaction transaction = event.getServerTransaction() != null
                        ? event.getServerTransaction() : provider.getNewServerTransaction(event.getRequest());
                transaction.sendResponse(messages.createResponse(200, event.getRequest()));
                nodeRequests.add(event.getRequest());
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
