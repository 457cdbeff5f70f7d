package io.pchat.protocol.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * The client side's delivery path: the scan of a node INFO in an established dialog. On every
 * request it takes, it reads what the full parser reads, and its answer is the response the
 * full parser would match to the request; anything unusual it leaves to the full parser (null).
 */
class InfoRequestTest {
    private final SipMessageParser parser = new SipMessageParser();

    /** A node INFO as the node's {@link DialogInfoWriter} writes it (header block only). */
    static String nodeInfo() {
        ByteBuf header = DialogInfoWriter.create(DialogInfoWriterTest.TEMPLATE).encodeHeader(ByteBufAllocator.DEFAULT, 10);
        try {
            return header.toString(StandardCharsets.UTF_8);
        } finally {
            header.release();
        }
    }

    private static ByteBuf headers(String text) {
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private InfoRequest scanned(String text) {
        ByteBuf b = headers(text);
        int reader = b.readerIndex();
        InfoRequest r = InfoRequest.scan(b);
        assertThat(b.readerIndex()).as("the scan moves no index").isEqualTo(reader);
        return r;
    }

    private SIPRequest fullyParsed(String text) {
        SipParseResult parsed = parser.parse(text.getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
        assertThat(parsed).isInstanceOf(SipParseResult.Parsed.class);
        return (SIPRequest) ((SipParseResult.Parsed) parsed).message();
    }

    /** Taken by the scan, read as the full parser reads it, and answered as a response that matches it. */
    private void agreesWithTheFullParser(String text) {
        InfoRequest scanned = scanned(text);
        assertThat(scanned).as("taken by the scan").isNotNull();
        SIPRequest request = fullyParsed(text.replace("Content-Length: 10", "Content-Length: 0"));
        assertThat(scanned.callId()).isEqualTo(request.getCallId().getCallId());
        assertThat(scanned.cseq()).isEqualTo(request.getCSeq().getSeqNumber());

        byte[] answer = scanned.answer(200, "OK");
        SipParseResult parsed = parser.parse(answer, new byte[0]);
        assertThat(parsed).isInstanceOf(SipParseResult.Parsed.class);
        SIPResponse response = (SIPResponse) ((SipParseResult.Parsed) parsed).message();
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getCallId().getCallId()).isEqualTo(request.getCallId().getCallId());
        assertThat(response.getCSeq().getSeqNumber()).isEqualTo(request.getCSeq().getSeqNumber());
        assertThat(response.getCSeq().getMethod()).isEqualTo("INFO");
        assertThat(response.getTopmostVia().getBranch()).isEqualTo(request.getTopmostVia().getBranch());
        assertThat(response.getViaHeaders().size()).isEqualTo(request.getViaHeaders().size());
        assertThat(response.getFromTag()).isEqualTo(request.getFromTag());
        assertThat(response.getToTag()).isEqualTo(request.getToTag());
        assertThat(response.getContentLength().getContentLength()).isZero();
    }

    @Test
    void theNodesOwnInfoIsReadAndAnsweredWithItsOwnLines() {
        String info = nodeInfo();
        agreesWithTheFullParser(info);
        String answer = new String(scanned(info).answer(200, "OK"), StandardCharsets.UTF_8);
        assertThat(answer).startsWith("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP ").endsWith("CSeq: 1 INFO\r\nContent-Length: 0\r\n\r\n")
                .doesNotContain("Max-Forwards").doesNotContain("Contact").doesNotContain("Content-Type");
    }

    @Test
    void compactNamesSeveralViasOtherCaseAndUnknownHeadersAreReadToo() {
        String info = nodeInfo();
        agreesWithTheFullParser(info.replace("Call-ID: ", "i:\t").replace("From: ", "f: ").replace("To: ", "t: "));
        agreesWithTheFullParser(info.replace("Via: ", "Via: SIP/2.0/TCP 10.0.0.9:5061;branch=z9hG4bKproxy1\r\nv: "));
        agreesWithTheFullParser(info.replace("CSeq: 1 INFO", "cseq :  1\tINFO  ").replace(";tag=", ";TAG="));
        agreesWithTheFullParser(info.replace("Content-Length", "User-Agent: odd/1.0\r\nContent-Length"));
    }

    @Test
    void anAnswerCarriesTheStatusAndReasonGiven() {
        String answer = new String(scanned(nodeInfo()).answer(481, "Call/Transaction Does Not Exist"), StandardCharsets.UTF_8);
        assertThat(answer).startsWith("SIP/2.0 481 Call/Transaction Does Not Exist\r\n");
        assertThatThrownBy(() -> scanned(nodeInfo()).answer(100, "Trying")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDialogsTagsAndTheContentTypeAreRead() {
        String info = "INFO sip:node@h:5061;transport=tcp SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKabc\r\n"
                + "From: \"Alice\" <sip:alice@example.com;tag=uri-param>;tag=a1ice;epid=0101\r\n"
                + "To: <sip:node@example.com>;TAG=n0de\r\n"
                + "Call-ID: c@d\r\n"
                + "CSeq: 7 INFO\r\n"
                + "c: Text/Plain ; charset=UTF-8\r\n"
                + "Content-Length: 10\r\n\r\n";

        InfoRequest request = scanned(info);

        assertThat(request.fromTag()).isEqualTo("a1ice");
        assertThat(request.toTag()).isEqualTo("n0de");
        assertThat(request.contentType()).isEqualTo("Text/Plain ; charset=UTF-8");
        assertThat(request.contentTypeIs("text", "plain")).isTrue();
        assertThat(request.contentTypeIs("application", "xml")).isFalse();
        assertThat(scanned(info.replace("c: Text/Plain ; charset=UTF-8\r\n", "")).contentType()).isNull();
        assertThat(scanned(info.replace(";tag=a1ice;epid=0101", "")).fromTag()).isNull();
        assertThat(scanned(info + "").cseq()).isEqualTo(7);
    }

    @Test
    void aRetryAfterIsAddedWhenAskedAndAReasonIsOneLine() {
        InfoRequest request = scanned(nodeInfo());
        String answer = new String(request.answer(503, "Session Ending", 1), StandardCharsets.UTF_8);
        assertThat(answer).startsWith("SIP/2.0 503 Session Ending\r\nRetry-After: 1\r\nVia: ");
        SIPResponse parsed = (SIPResponse) ((SipParseResult.Parsed) parser.parse(request.answer(503, "Session Ending", 1),
                new byte[0])).message();
        assertThat(parsed.getHeader("Retry-After").toString()).contains("1");
        assertThatThrownBy(() -> request.answer(400, "two\r\nInjected: header")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 BYE\r\n\r\n",
        "INFO sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n\r\n", // To without a tag
        "INFO sip:a@b SIP/2.0\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n\r\n", // no Via
        "INFO sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n\r\n", // no From
        "INFO sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nf: <sip:m@d>;tag=3\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n\r\n", // two Froms
        "INFO sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nt: <sip:a@b>;tag=4\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n\r\n", // two Tos
        "INFO sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\ni: e@f\r\nCSeq: 1 INFO\r\n\r\n", // two Call-IDs
        "INFO sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 BYE\r\n\r\n", // CSeq of another method
        "INFO sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b;tag=2>\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n\r\n", // a tag inside the URI is no dialog tag
        "INFO sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\nContent-Type: text/plain\r\nc: text/plain\r\n\r\n", // two Content-Types
        "INFO sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\n\r\n", // no CSeq
        "INFO sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n  ;x=y\r\n\r\n", // a folded line
        "INFO sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n\r\n", // a bare LF
        "INFO sip:a@b SIP/3.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n\r\n", // another version
        "INFO  SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n\r\n", // no request URI
        "INFO sip:a@b extra SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n\r\n", // a space in the URI
        "info sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n\r\n", // methods are case-sensitive
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bKx\r\nFrom: <sip:n@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c@d\r\nCSeq: 1 INFO\r\n\r\n", // a response
        ""})
    void anythingUnusualIsLeftToTheFullParser(String text) {
        assertThat(scanned(text)).isNull();
    }

    @Test
    void everyTruncationOfARequestIsLeftToTheFullParser() {
        String info = nodeInfo();
        for (int n = 0; n < info.length() - 1; n++) {
            assertThat(scanned(info.substring(0, n))).as("first %d bytes", n).isNull();
        }
    }
}
