package io.pchat.server.sip;

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
import javax.sip.address.AddressFactory;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * An independent SIP stack for interoperability tests: JAIN-SIP's own {@link SipStack} as a user
 * agent over TCP on 127.0.0.1, sending everything to one node. It queues the final responses it
 * gets and every request the node sends, answering each of those 200 at once.
 */
public final class JainSipUserAgent implements AutoCloseable {
    private final SipStack stack;
    private final SipProvider provider;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final int port;
    private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final BlockingQueue<Request> nodeRequests = new LinkedBlockingQueue<>();

    /** An established INVITE dialog and the 200 that established it. */
    public record Established(Dialog dialog, Response ok, String callId) {
    }

    public JainSipUserAgent(String stackName, int nodePort) throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", stackName);
        properties.setProperty("javax.sip.OUTBOUND_PROXY", "127.0.0.1:" + nodePort + "/tcp");
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        stack = factory.createSipStack(properties);
        addresses = factory.createAddressFactory();
        headers = factory.createHeaderFactory();
        messages = factory.createMessageFactory();
        ListeningPoint point = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.TCP);
        provider = stack.createSipProvider(point);
        provider.addSipListener(new Events());
        stack.start();
    }

    /** INVITEs {@code service} as {@code user} (with an IM SDP offer and Supported: timer), ACKs the 200. */
    public Established invite(String user, String fromTag, String service) throws Exception {
        ViaHeader via = headers.createViaHeader("127.0.0.1", port, "tcp", null);
        Request invite = messages.createRequest(addresses.createURI(service), Request.INVITE,
                provider.getNewCallId(), headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(addresses.createAddress(user), fromTag),
                headers.createToHeader(addresses.createAddress(service), null), List.of(via),
                headers.createMaxForwardsHeader(70));
        String userPart = user.substring("sip:".length(), user.indexOf('@'));
        invite.addHeader(headers.createContactHeader(
                addresses.createAddress("sip:" + userPart + "@127.0.0.1:" + port + ";transport=tcp")));
        invite.addHeader(headers.createSupportedHeader("timer"));
        invite.setContent(ClientDialog.SDP_OFFER, headers.createContentTypeHeader("application", "sdp"));
        ClientTransaction transaction = provider.getNewClientTransaction(invite);
        transaction.sendRequest();
        Response ok = nextFinalResponse();
        Dialog dialog = transaction.getDialog();
        if (ok.getStatusCode() == 200) {
            dialog.sendAck(dialog.createAck(((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber()));
        }
        return new Established(dialog, ok, ((javax.sip.header.CallIdHeader) invite.getHeader("Call-ID")).getCallId());
    }

    /** Sends an INFO with this XCCOS body in the dialog; the node's final response. */
    public Response info(Dialog dialog, String xccos) throws Exception {
        Request info = dialog.createRequest(Request.INFO);
        info.setContent(xccos.getBytes(StandardCharsets.UTF_8), headers.createContentTypeHeader("text", "plain"));
        dialog.sendRequest(provider.getNewClientTransaction(info));
        return nextFinalResponse();
    }

    /** Sends BYE in the dialog; the node's final response. */
    public Response bye(Dialog dialog) throws Exception {
        dialog.sendRequest(provider.getNewClientTransaction(dialog.createRequest(Request.BYE)));
        return nextFinalResponse();
    }

    /** The next request the node sent (already answered 200), or null after {@code timeout}. */
    public Request nextNodeRequest(Duration timeout) throws InterruptedException {
        return nodeRequests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Response nextFinalResponse() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Response r = responses.poll(100, TimeUnit.MILLISECONDS);
            if (r != null && r.getStatusCode() >= 200) {
                return r;
            }
        }
        throw new AssertionError("no final response within 10 s");
    }

    @Override
    public void close() {
        stack.stop();
    }

    /** Queues responses; answers every node request 200, then queues it. */
    private final class Events implements javax.sip.SipListener {
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
