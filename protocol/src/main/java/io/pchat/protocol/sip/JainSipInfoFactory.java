package io.pchat.protocol.sip;

import java.text.ParseException;
import java.util.List;

import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPRequest;

/**
 * Builds the same in-dialog INFO as {@link DialogInfoWriter}, the slow way, through JAIN-SIP's
 * message and header factories. It is the reference the fast path is tested and benchmarked
 * against, and a fallback for code that needs a {@link SIPRequest} object.
 *
 * <p>Stateless; the JAIN-SIP factories it uses hold no per-call state.
 */
public final class JainSipInfoFactory {

    private static final HeaderFactoryImpl HEADERS = new HeaderFactoryImpl();
    private static final AddressFactoryImpl ADDRESSES = new AddressFactoryImpl();
    private static final MessageFactoryImpl MESSAGES = new MessageFactoryImpl();

    /**
     * The INFO with the given CSeq, Via branch and UTF-8 body. Template values that JAIN-SIP cannot
     * parse throw {@link IllegalArgumentException}.
     */
    public SIPRequest create(DialogInfoTemplate t, String branch, long cseq, byte[] body) {
        try {
            String[] sentBy = t.viaSentBy().split(":", 2);
            int port = sentBy.length == 2 ? Integer.parseInt(sentBy[1]) : -1;
            ViaHeader via = HEADERS.createViaHeader(sentBy[0], port, t.viaTransport(), branch);
            Address local = ADDRESSES.createAddress(t.localAddress());
            SIPRequest request = (SIPRequest) MESSAGES.createRequest(
                    ADDRESSES.createURI(t.requestUri()),
                    "INFO",
                    HEADERS.createCallIdHeader(t.callId()),
                    HEADERS.createCSeqHeader(cseq, "INFO"),
                    HEADERS.createFromHeader(local, t.localTag()),
                    // the remote address keeps its parameters (epid...), so parse it as a header
                    (ToHeader) HEADERS.createHeader("To", t.remoteAddress() + ";tag=" + t.remoteTag()),
                    List.of(via),
                    HEADERS.createMaxForwardsHeader(70),
                    HEADERS.createContentTypeHeader("text", "plain"),
                    body);
            request.getContentTypeHeader().setParameter("charset", "UTF-8");
            request.addHeader(HEADERS.createContactHeader(ADDRESSES.createAddress("<" + t.contactUri() + ">")));
            return request;
        } catch (ParseException | InvalidArgumentException | NumberFormatException e) {
            throw new IllegalArgumentException("template not representable in JAIN-SIP: " + t, e);
        }
    }
}
