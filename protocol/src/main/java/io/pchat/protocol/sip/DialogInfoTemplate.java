package io.pchat.protocol.sip;

import java.util.Objects;

import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.message.SIPRequest;

/**
 * The fixed parts of every INFO the node sends inside one dialog, as the node sees the dialog:
 * local is the chat service side, remote is the client.
 *
 * <p>Invariant: no field is empty or contains a control character (so nothing can inject a header
 * line), and the single-token fields (URIs, transport, sent-by, tags, Call-ID) contain no spaces.
 * {@code localAddress} and {@code remoteAddress} are name-addr values without a tag parameter; the
 * remote one keeps the client's other parameters (such as {@code epid}).
 *
 * @param requestUri where requests go: the client's Contact URI
 * @param viaTransport the Via transport token: {@code TCP} (the standard form, the default of
 *     {@link #forInvite}) or, for a client that wants it, {@code tcp}; {@code TLS} on TLS
 * @param viaSentBy the node's {@code host:port} for the Via header
 * @param localAddress the node side's From value without tag, e.g. {@code <sip:pchat@example.com>}
 * @param localTag the node's dialog tag
 * @param remoteAddress the client's To value without tag, e.g. {@code <sip:alice@example.com>;epid=1a2b}
 * @param remoteTag the client's dialog tag
 * @param callId the dialog's Call-ID
 * @param contactUri the node's Contact URI
 */
public record DialogInfoTemplate(String requestUri, String viaTransport, String viaSentBy,
                                 String localAddress, String localTag,
                                 String remoteAddress, String remoteTag,
                                 String callId, String contactUri) {

    public DialogInfoTemplate {
        requireToken("requestUri", requestUri);
        requireToken("viaTransport", viaTransport);
        requireToken("viaSentBy", viaSentBy);
        requireText("localAddress", localAddress);
        requireToken("localTag", localTag);
        requireText("remoteAddress", remoteAddress);
        requireToken("remoteTag", remoteTag);
        requireToken("callId", callId);
        requireToken("contactUri", contactUri);
    }

    /**
     * The template for the dialog a client's INVITE created, once the node has chosen its tag:
     * requests go to the INVITE's Contact (its From URI if it had none), the client's From becomes
     * the To, the INVITE's To becomes the From.
     */
    public static DialogInfoTemplate forInvite(SIPRequest invite, String localTag, String viaSentBy, String contactUri) {
        From remote = (From) invite.getFrom().clone();
        String remoteTag = remote.getTag();
        remote.removeParameter("tag");
        To local = (To) invite.getTo().clone();
        local.removeParameter("tag");
        String target = invite.getContactHeader() != null
                ? invite.getContactHeader().getAddress().getURI().toString()
                : invite.getFrom().getAddress().getURI().toString();
        return new DialogInfoTemplate(target, "TCP", viaSentBy,
                local.getHeaderValue().strip(), localTag,
                remote.getHeaderValue().strip(), Objects.requireNonNull(remoteTag, "the INVITE's From has no tag"),
                invite.getCallId().getCallId(), contactUri);
    }

    private static void requireText(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new IllegalArgumentException(name + " contains a control character: " + value.strip());
            }
        }
    }

    private static void requireToken(String name, String value) {
        requireText(name, value);
        if (value.indexOf(' ') >= 0 || value.indexOf('\t') >= 0) {
            throw new IllegalArgumentException(name + " contains whitespace: " + value);
        }
    }
}
