package io.pchat.server.sip;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

/**
 * The client's side of one chat dialog over a {@link SipTestClient}: builds INVITE, ACK, INFO,
 * UPDATE, BYE and OPTIONS as text, keeps Call-ID, tags and CSeq, and answers the node's
 * requests. With {@link #withoutViaBranch()} it writes Vias the way SIPE does (no branch).
 *
 * <p>Invariant: the CSeq grows by one per new request; ACK reuses the INVITE's.
 */
public final class ClientDialog {

    public static final String SDP_OFFER = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=session\r\nc=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\nm=message 5060 sip null\r\na=accept-types:text/plain multipart/alternative\r\n";

    private final SipTestClient client;
    private final String user;
    private final String serviceUri;
    private final String callId = UUID.randomUUID().toString();
    private final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private boolean viaBranch = true;
    private String toTag;
    private String target;
    private long cseq;
    private long inviteCSeq;

    public ClientDialog(SipTestClient client, String user, String serviceUri) {
        this.client = client;
        this.user = user;
        this.serviceUri = serviceUri;
        this.target = serviceUri;
    }

    /** Vias without a branch parameter, RFC 2543 style, as SIPE sends them. */
    public ClientDialog withoutViaBranch() {
        viaBranch = false;
        return this;
    }

    public String callId() {
        return callId;
    }

    public String fromTag() {
        return fromTag;
    }

    public String toTag() {
        return toTag;
    }

    public long cseq() {
        return cseq;
    }

    /** Sends the INVITE (with SDP) and returns its final response; on 200 sends ACK and enters the dialog. */
    public SIPResponse invite(String... extraHeaders) {
        return invite(SDP_OFFER.getBytes(StandardCharsets.US_ASCII), extraHeaders);
    }

    /** Sends the INVITE with {@code sdp} (empty: no body) and ACKs a 200. */
    public SIPResponse invite(byte[] sdp, String... extraHeaders) {
        sendInvite(sdp, extraHeaders);
        SIPResponse response = client.awaitResponse(r -> r.getCallId().getCallId().equals(callId)
                && r.getCSeq().getSeqNumber() == inviteCSeq && r.getStatusCode() >= 200);
        if (response.getStatusCode() == 200) {
            toTag = response.getToTag();
            target = response.getContactHeader().getAddress().getURI().toString();
            ack();
        }
        return response;
    }

    /** Sends an INVITE without waiting; returns its CSeq. */
    public long sendInvite(byte[] sdp, String... extraHeaders) {
        inviteCSeq = ++cseq;
        String[] headers = sdp.length == 0 ? extraHeaders : concat(extraHeaders, "Content-Type: application/sdp");
        send("INVITE", serviceUri, inviteCSeq, headers, sdp);
        return inviteCSeq;
    }

    /** CANCEL of the INVITE last sent (same CSeq number, same Via). */
    public SIPResponse cancel() {
        send("CANCEL", serviceUri, inviteCSeq, new String[0], new byte[0]);
        return client.awaitResponse(r -> r.getCallId().getCallId().equals(callId) && "CANCEL".equals(r.getCSeq().getMethod()));
    }

    public void ack() {
        send("ACK", target, inviteCSeq, new String[0], new byte[0]);
    }

    /** INFO with an XCCOS body as {@code text/plain}; returns the node's answer. */
    public SIPResponse info(String xml) {
        return info("text/plain; charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends an INFO with an XCCOS body without waiting; returns its CSeq (see {@link SipTestClient#awaitResponse(String, long)}). */
    public long sendInfo(String xml) {
        long n = ++cseq;
        send("INFO", target, n, new String[] {"Content-Type: text/plain; charset=UTF-8"}, xml.getBytes(StandardCharsets.UTF_8));
        return n;
    }

    public SIPResponse info(String contentType, byte[] body) {
        return request("INFO", contentType == null ? new String[0] : new String[] {"Content-Type: " + contentType}, body);
    }

    public SIPResponse update(String... extraHeaders) {
        return request("UPDATE", extraHeaders, new byte[0]);
    }

    /** A re-INVITE in the dialog (no body); the 200 is ACKed. */
    public SIPResponse reInvite() {
        SIPResponse response = request("INVITE", new String[0], new byte[0]);
        inviteCSeq = cseq;
        if (response.getStatusCode() == 200) {
            ack();
        }
        return response;
    }

    public SIPResponse bye() {
        return request("BYE", new String[0], new byte[0]);
    }

    public SIPResponse options() {
        return request("OPTIONS", new String[0], new byte[0]);
    }

    /** Sends an in-dialog request and waits for its final response. */
    public SIPResponse request(String method, String[] extraHeaders, byte[] body) {
        long n = ++cseq;
        send(method, target, n, extraHeaders, body);
        return client.awaitResponse(r -> r.getCallId().getCallId().equals(callId) && r.getCSeq().getSeqNumber() == n
                && r.getStatusCode() >= 200);
    }

    /** Answers a request from the node with {@code status}, echoing its Via, From, To, Call-ID and CSeq. */
    public void answer(SIPRequest nodeRequest, int status) {
        answer(client, nodeRequest, status);
    }

    public static void answer(SipTestClient client, SIPRequest nodeRequest, int status) {
        String text = "SIP/2.0 " + status + " Whatever\r\n"
                + nodeRequest.getTopmostVia().encode()
                + ((SIPHeader) nodeRequest.getFrom()).encode()
                + ((SIPHeader) nodeRequest.getTo()).encode()
                + ((SIPHeader) nodeRequest.getCallId()).encode()
                + ((SIPHeader) nodeRequest.getCSeq()).encode()
                + "Content-Length: 0\r\n\r\n";
        client.sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    private void send(String method, String uri, long number, String[] extraHeaders, byte[] body) {
        // a CANCEL carries its INVITE's branch (RFC 3261 section 9.1); every other request a new one
        boolean inviteTransaction = "CANCEL".equals(method) || "INVITE".equals(method);
        String branch = !viaBranch ? "" : ";branch=z9hG4bK" + (inviteTransaction ? callId + "-" + number : UUID.randomUUID());
        StringBuilder text = new StringBuilder()
                .append(method).append(' ').append(uri).append(" SIP/2.0\n")
                .append("Via: SIP/2.0/tcp ").append(client.hostPort()).append(branch).append('\n')
                .append("Max-Forwards: 70\n")
                .append("From: <").append(user).append(">;tag=").append(fromTag).append(";epid=01010101\n")
                .append("To: <").append(serviceUri).append('>').append(toTag == null ? "" : ";tag=" + toTag).append('\n')
                .append("Call-ID: ").append(callId).append('\n')
                .append("CSeq: ").append(number).append(' ').append(method).append('\n')
                .append("Contact: <sip:").append(user, 4, user.indexOf('@')).append('@')
                .append(client.hostPort()).append(";transport=tcp>\n");
        for (String header : extraHeaders) {
            text.append(header).append('\n');
        }
        text.append("Content-Length: ").append(body.length).append("\n\n");
        client.send(text.toString(), body);
    }

    private static String[] concat(String[] a, String b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + 1);
        all[a.length] = b;
        return all;
    }
}
