package io.pchat.client;

import gov.nist.javax.sip.message.SIPResponse;

import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client's side of one INVITE dialog: its identifiers (Call-ID, both tags), where in-dialog
 * requests go (the remote target, the node's Contact), and the CSeq counter; it writes every
 * request the client sends in it.
 *
 * <p>Invariants: Call-ID and local tag are fixed at creation and random; the remote tag and target
 * are set once, from the 2xx that established the dialog; CSeq numbers strictly increase. Not
 * thread-safe: confined to the connection's event loop, since CSeq order must equal wire order.
 */
final class ClientDialog {

    /** The SDP of an IM session; the port is nominal, as in real clients' offers. */
    static final String SDP_OFFER = "v=0\r\n"
            + "o=- 0 0 IN IP4 127.0.0.1\r\n"
            + "s=session\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\n"
            + "m=message 5060 sip null\r\n"
            + "a=accept-types:text/plain\r\n";

    private final String user;
    private final String serviceUri;
    private final String callId;
    private final String localTag;
    private final String viaSentBy;
    private final String contact;
    private String remoteTag;
    private String remoteTarget;
    private long nextCSeq = 1;

    ClientDialog(String user, String serviceUri, InetSocketAddress local) {
        this.user = Objects.requireNonNull(user, "user");
        this.serviceUri = Objects.requireNonNull(serviceUri, "serviceUri");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String host = local.getAddress().getHostAddress();
        this.callId = Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong()) + "@" + host;
        this.localTag = Long.toHexString(random.nextLong() | Long.MIN_VALUE);
        this.viaSentBy = host + ":" + local.getPort();
        String userPart = user.substring("sip:".length(), user.indexOf('@'));
        this.contact = "sip:" + userPart + "@" + viaSentBy + ";transport=tcp";
        this.remoteTarget = serviceUri;
    }

    String callId() {
        return callId;
    }

    String localTag() {
        return localTag;
    }

    String remoteTag() {
        return remoteTag;
    }

    boolean isEstablished() {
        return remoteTag != null;
    }

    /** Records what the INVITE's 2xx fixed: the node's tag and Contact. */
    void establish(SIPResponse ok) {
        remoteTag = ok.getTo().getTag();
        ContactHeader contactHeader = (ContactHeader) ok.getHeader(ContactHeader.NAME);
        if (contactHeader != null && contactHeader.getAddress().getURI() instanceof SipURI uri) {
            remoteTarget = uri.toString();
        }
    }

    /** The INVITE (or its repetition with credentials), with SDP offer and session timer. */
    OutgoingRequest invite(long sessionExpiresSeconds, String authorization) {
        List<String> headers = authorization == null
                ? List.of("Session-Expires: " + sessionExpiresSeconds, "Supported: timer",
                        "Allow: INVITE, ACK, BYE, CANCEL, INFO, UPDATE, OPTIONS")
                : List.of("Session-Expires: " + sessionExpiresSeconds, "Supported: timer",
                        "Allow: INVITE, ACK, BYE, CANCEL, INFO, UPDATE, OPTIONS", "Authorization: " + authorization);
        return request("INVITE", nextCSeq++, newBranch(), null, headers, "application/sdp",
                SDP_OFFER.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The ACK of an INVITE's final response: for a 2xx a new transaction in the dialog; for a
     * failure, part of the INVITE transaction (same branch, the response's To tag).
     */
    OutgoingRequest ack(OutgoingRequest invite, SIPResponse response) {
        boolean success = response.getStatusCode() / 100 == 2;
        return request("ACK", invite.cseq(), success ? newBranch() : invite.branch(),
                success ? remoteTag : response.getTo().getTag(), List.of(), null, null);
    }

    /** An INFO carrying an XCCOS envelope. */
    OutgoingRequest info(byte[] envelope) {
        return inDialog("INFO", List.of(), "text/plain; charset=UTF-8", envelope);
    }

    /** The session refresh. */
    OutgoingRequest update(long sessionExpiresSeconds) {
        return inDialog("UPDATE", List.of("Session-Expires: " + sessionExpiresSeconds + ";refresher=uac",
                "Supported: timer"), null, null);
    }

    OutgoingRequest bye() {
        return inDialog("BYE", List.of(), null, null);
    }

    private OutgoingRequest inDialog(String method, List<String> headers, String contentType, byte[] body) {
        if (!isEstablished()) {
            throw new IllegalStateException(method + " before the dialog is established");
        }
        return request(method, nextCSeq++, newBranch(), remoteTag, headers, contentType, body);
    }

    private OutgoingRequest request(String method, long cseq, String branch, String toTag, List<String> headers,
            String contentType, byte[] body) {
        String requestUri = method.equals("INVITE") || !isEstablished() ? serviceUri : remoteTarget;
        StringBuilder h = new StringBuilder(512)
                .append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/TCP ").append(viaSentBy).append(";branch=").append(branch).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <").append(user).append(">;tag=").append(localTag).append("\r\n")
                .append("To: <").append(serviceUri).append('>');
        if (toTag != null) {
            h.append(";tag=").append(toTag);
        }
        h.append("\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n")
                .append("Contact: <").append(contact).append(">\r\n")
                .append("User-Agent: pchat-client\r\n");
        for (String header : headers) {
            h.append(header).append("\r\n");
        }
        int length = body == null ? 0 : body.length;
        if (contentType != null) {
            h.append("Content-Type: ").append(contentType).append("\r\n");
        }
        h.append("Content-Length: ").append(length).append("\r\n\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.UTF_8);
        byte[] wire = new byte[head.length + length];
        System.arraycopy(head, 0, wire, 0, head.length);
        if (length > 0) {
            System.arraycopy(body, 0, wire, head.length, length);
        }
        return new OutgoingRequest(method, callId, cseq, branch, requestUri, wire);
    }

    private static String newBranch() {
        return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
