package io.pchat.protocol.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.pchat.protocol.sip.SipParseResult.Parsed;
import org.junit.jupiter.api.Test;

import javax.sip.header.ContactHeader;
import javax.sip.header.RetryAfterHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;

import static io.pchat.protocol.sip.SampleMessages.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SipResponseBuilderTest {

    private static final String INVITE = "INVITE sip:pchat@example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 192.0.2.10:52100;branch=z9hG4bK-inv\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:alice@example.com>;tag=a1;epid=e1\r\n"
            + "To: <sip:pchat@example.com>\r\n"
            + "Call-ID: inv-1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:alice@192.0.2.10:52100;transport=tcp>\r\n"
            + "Content-Length: 0\r\n\r\n";

    private final SIPRequest invite = (SIPRequest) ((Parsed) new SipMessageParser().parse(utf8(INVITE), new byte[0])).message();

    @Test
    void copiesTheTransactionHeadersFromTheRequest() {
        SIPResponse ok = SipResponseBuilder.answering(invite, 200).build();
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(ok.getReasonPhrase()).isEqualTo("OK");
        assertThat(ok.getTopmostVia().getBranch()).isEqualTo("z9hG4bK-inv");
        assertThat(ok.getFrom()).isEqualTo(invite.getFrom());
        assertThat(ok.getCallId().getCallId()).isEqualTo("inv-1");
        assertThat(ok.getCSeq().getSeqNumber()).isEqualTo(1);
        assertThat(ok.getCSeq().getMethod()).isEqualTo("INVITE");
    }

    @Test
    void addsAToTagWhenTheRequestHasNone() {
        SIPResponse ok = SipResponseBuilder.answering(invite, 200).toTag("n1").build();
        assertThat(ok.getTo().getTag()).isEqualTo("n1");
        assertThat(invite.getTo().getTag()).as("the request is untouched").isNull();
    }

    @Test
    void keepsTheDialogsToTagOfAnInDialogRequest() throws Exception {
        SIPRequest inDialog = (SIPRequest) invite.clone();
        inDialog.getTo().setTag("existing");
        assertThat(SipResponseBuilder.answering(inDialog, 200).toTag("other").build().getTo().getTag())
                .isEqualTo("existing");
    }

    @Test
    void addsContactRetryAfterAndArbitraryHeaders() {
        SIPResponse busy = SipResponseBuilder.answering(invite, 503)
                .retryAfter(30)
                .header("Session-Expires", "1800;refresher=uac")
                .build();
        assertThat(((RetryAfterHeader) busy.getHeader("Retry-After")).getRetryAfter()).isEqualTo(30);
        assertThat(busy.getHeader("Session-Expires").toString()).contains("1800;refresher=uac");
    }

    @Test
    void listsSeveralContactsForARedirect() {
        SIPResponse moved = SipResponseBuilder.answering(invite, 302)
                .contact("sip:node1.example.com:5041;transport=tcp")
                .contact("sip:node2.example.com:5041;transport=tcp")
                .build();
        List<String> contacts = new ArrayList<>();
        for (ListIterator<?> it = moved.getHeaders("Contact"); it.hasNext(); ) {
            contacts.add(((ContactHeader) it.next()).getAddress().getURI().toString());
        }
        assertThat(contacts).containsExactly("sip:node1.example.com:5041;transport=tcp",
                "sip:node2.example.com:5041;transport=tcp");
    }

    @Test
    void usesACustomReasonPhrase() {
        assertThat(SipResponseBuilder.answering(invite, 400).reason("Bad Envelope").build().getReasonPhrase())
                .isEqualTo("Bad Envelope");
    }

    @Test
    void setsABodyWithItsContentTypeAndLength() {
        byte[] sdp = utf8("v=0\r\nm=message 5041 sip null\r\na=accept-types:text/plain\r\n");
        SIPResponse ok = SipResponseBuilder.answering(invite, 200).body("application", "sdp", sdp).build();
        assertThat(ok.getRawContent()).isEqualTo(sdp);
        assertThat(ok.getContentLength().getContentLength()).isEqualTo(sdp.length);
        assertThat(ok.getContentTypeHeader().getContentSubType()).isEqualTo("sdp");
    }

    @Test
    void rejectsBadArgumentsAtOnce() {
        assertThatThrownBy(() -> SipResponseBuilder.answering(invite, 99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SipResponseBuilder.answering(invite, 302).contact("not a <uri"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SipResponseBuilder.answering(invite, 503).retryAfter(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
