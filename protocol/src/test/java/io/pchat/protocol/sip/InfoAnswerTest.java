package io.pchat.protocol.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import gov.nist.javax.sip.message.SIPResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The delivery path's scan of a client's answer to a node INFO: on every answer it takes, it reads
 * what the full parser reads; anything unusual it leaves to the full parser (null).
 */
class InfoAnswerTest {
    private final SipMessageParser parser = new SipMessageParser();

    /** A client's 200 OK to node INFO 42, as our client library writes it. */
    static final String OK = "SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/TCP 127.0.0.1:5041;branch=z9hG4bK-n0de-42\r\n"
            + "From: <sip:pchat@example.com>;tag=n0de7a9\r\n"
            + "To: <sip:alice@example.com>;tag=c1i3nt7a9\r\n"
            + "Call-ID: 4b1d6c5e3f2a1b0c@127.0.0.1\r\n"
            + "CSeq: 42 INFO\r\n"
            + "Content-Length: 0\r\n\r\n";

    private static ByteBuf headers(String text) {
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private InfoAnswer scanned(String text) {
        ByteBuf b = headers(text);
        int reader = b.readerIndex();
        InfoAnswer a = InfoAnswer.scan(b);
        assertThat(b.readerIndex()).as("the scan moves no index").isEqualTo(reader);
        return a;
    }

    private void agreesWithTheFullParser(String text) {
        InfoAnswer a = scanned(text);
        assertThat(a).as("taken by the scan").isNotNull();
        SipParseResult parsed = parser.parse(text.getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
        assertThat(parsed).isInstanceOf(SipParseResult.Parsed.class);
        SIPResponse r = (SIPResponse) ((SipParseResult.Parsed) parsed).message();
        assertThat(a.status()).isEqualTo(r.getStatusCode());
        assertThat(a.callId()).isEqualTo(r.getCallId().getCallId());
        assertThat(a.cseq()).isEqualTo(r.getCSeq().getSeqNumber());
    }

    @Test
    void aPlain200OkGivesItsStatusCallIdAndCseqAsTheFullParserReadsThem() {
        agreesWithTheFullParser(OK);
        assertThat(scanned(OK)).isEqualTo(new InfoAnswer(200, "4b1d6c5e3f2a1b0c@127.0.0.1", 42));
        assertThat(scanned(OK).isFinal()).isTrue();
    }

    @Test
    void compactNamesOtherCaseSpacesAndTabsAndOtherStatusesAreReadToo() {
        agreesWithTheFullParser(OK.replace("Call-ID: ", "i:\t").replace("CSeq: 42 INFO", "cseq :  42\tINFO  "));
        agreesWithTheFullParser(OK.replace("SIP/2.0 200 OK", "SIP/2.0 481 Call Leg/Transaction Does Not Exist"));
        agreesWithTheFullParser(OK.replace("SIP/2.0 200 OK", "SIP/2.0 408 Request Timeout"));
        agreesWithTheFullParser(OK.replace("Content-Length: 0\r\n", "User-Agent: UCCAPI/16.0 OC/16.0\r\n"
                + "Supported: ms-dialog-route-set-update\r\nContent-Length: 0\r\n"));
        agreesWithTheFullParser(OK.replace("CSeq: 42 INFO", "CSeq: 2147483647 INFO"));
        assertThat(scanned(OK.replace("SIP/2.0 200 OK", "SIP/2.0 180 Ringing")).isFinal()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INFO sip:node1@127.0.0.1 SIP/2.0\r\nCall-ID: a@b\r\nCSeq: 1 INFO\r\n\r\n", // a request
        "SIP/2.0 200 OK\r\nCall-ID: a@b\r\nCSeq: 1 BYE\r\n\r\n",        // another method
        "SIP/2.0 200 OK\r\nCall-ID: a@b\r\nCSeq: 1 info\r\n\r\n",       // methods are case-sensitive
        "SIP/2.0 200 OK\r\nCall-ID: a@b\r\n\r\n",                       // no CSeq
        "SIP/2.0 200 OK\r\nCSeq: 1 INFO\r\n\r\n",                       // no Call-ID
        "SIP/2.0 200 OK\r\nCall-ID: a@b\r\ni: c@d\r\nCSeq: 1 INFO\r\n\r\n", // two Call-IDs
        "SIP/2.0 200 OK\r\nCall-ID: a@b\r\nCSeq: 1 INFO\r\nCSeq: 2 INFO\r\n\r\n", // two CSeqs
        "SIP/2.0 200 OK\r\nCall-ID: a @b\r\nCSeq: 1 INFO\r\n\r\n",      // a Call-ID with a space
        "SIP/2.0 200 OK\r\nCall-ID:\r\nCSeq: 1 INFO\r\n\r\n",           // an empty Call-ID
        "SIP/2.0 200 OK\r\nCall-ID: a@b\r\nCSeq: 2147483648 INFO\r\n\r\n", // CSeq above 2^31-1
        "SIP/2.0 200 OK\r\nCall-ID: a@b\r\nCSeq: INFO\r\n\r\n",         // no number
        "SIP/2.0 200 OK\r\nCall-ID: a@b\r\nCSeq: 1INFO\r\n\r\n",        // no space
        "SIP/2.0 200 OK\r\nCall-ID: a@b\r\nCSeq: 1 INFO\r\n Via: x\r\n\r\n", // a folded line
        "SIP/2.0 200 OK\r\nCall-ID: a@b\nCSeq: 1 INFO\r\n\r\n",         // a bare LF
        "SIP/2.0 200 OK\r\nCall-ID a@b\r\nCSeq: 1 INFO\r\n\r\n",        // a line without a colon
        "SIP/2.0 200 OK\r\nCall-ID: a@b\r\nCSeq: 1 INFO\r\n",           // no empty line
        "SIP/2.0 099 Odd\r\nCall-ID: a@b\r\nCSeq: 1 INFO\r\n\r\n",      // status below 100
        "SIP/2.0 700 Odd\r\nCall-ID: a@b\r\nCSeq: 1 INFO\r\n\r\n",      // status above 699
        "SIP/2.0 2x0 OK\r\nCall-ID: a@b\r\nCSeq: 1 INFO\r\n\r\n",       // not a number
        "SIP/2.0 200\r\nCall-ID: a@b\r\nCSeq: 1 INFO\r\n\r\n",          // no reason phrase
        "SIP/3.0 200 OK\r\nCall-ID: a@b\r\nCSeq: 1 INFO\r\n\r\n",       // another version
        "SIP/2.0 200 OK",                                               // truncated
        ""})
    void anythingUnusualIsLeftToTheFullParser(String text) {
        assertThat(scanned(text)).isNull();
    }

    @Test
    void everyTruncationOfAnAnswerIsLeftToTheFullParser() {
        for (int n = 0; n < OK.length() - 1; n++) {
            assertThat(scanned(OK.substring(0, n))).as("first %d bytes", n).isNull();
        }
    }
}
