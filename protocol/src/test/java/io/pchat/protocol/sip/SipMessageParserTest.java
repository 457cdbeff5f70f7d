package io.pchat.protocol.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.buffer.Unpooled;
import io.pchat.protocol.sip.SipParseResult.Invalid;
import io.pchat.protocol.sip.SipParseResult.Parsed;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.pchat.protocol.sip.SampleMessages.INFO_BODY;
import static io.pchat.protocol.sip.SampleMessages.info;
import static io.pchat.protocol.sip.SampleMessages.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class SipMessageParserTest {

    private final SipMessageParser parser = new SipMessageParser();

    @Test
    void parsesAFramedInfoWithItsBody() {
        SIPRequest request = (SIPRequest) parsed(info());
        assertThat(request.getMethod()).isEqualTo("INFO");
        assertThat(request.getRequestURI().toString()).isEqualTo("sip:pchat@example.com;transport=tcp");
        assertThat(request.getCallId().getCallId()).isEqualTo("call-1@192.0.2.10");
        assertThat(request.getCSeq().getSeqNumber()).isEqualTo(2);
        assertThat(request.getFrom().getTag()).isEqualTo("a1");
        assertThat(request.getFrom().getParameter("epid")).isEqualTo("01020304");
        assertThat(request.getTo().getTag()).isEqualTo("n1");
        assertThat(request.getTopmostVia().getBranch()).isEqualTo("z9hG4bK-client-2");
        assertThat(request.getRawContent()).isEqualTo(utf8(INFO_BODY));
        assertThat(request.getContentLength().getContentLength()).isEqualTo(utf8(INFO_BODY).length);
    }

    @Test
    void parsesADecodedFrameWithoutReleasingIt() {
        byte[] bytes = utf8(info());
        int headerLength = info().indexOf("\r\n\r\n") + 4;
        SipFrame.Message frame = new SipFrame.Message(Unpooled.wrappedBuffer(bytes), headerLength);
        assertThat(parser.parse(frame)).isInstanceOf(Parsed.class);
        assertThat(frame.refCnt()).isEqualTo(1);
        assertThat(frame.release()).isTrue();
    }

    @Test
    void parsesAResponse() {
        String ok = "SIP/2.0 200 OK\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\n"
                + "CSeq: 5 INFO\r\nContent-Length: 0\r\n\r\n";
        SIPResponse response = (SIPResponse) parsed(ok);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getCSeq().getMethod()).isEqualTo("INFO");
    }

    @Test
    void parsesBareLineFeedMessages() {
        assertThat(parsed(info().replace("\r\n", "\n")).getCallId().getCallId()).isEqualTo("call-1@192.0.2.10");
    }

    @Test
    void keepsNonAsciiUtf8InHeaders() {
        SIPMessage m = parsed(info().replace("\"Alice\"", "\"Zoë Ångström\""));
        assertThat(m.getFrom().getAddress().getDisplayName()).isEqualTo("Zoë Ångström");
    }

    @Test
    void rejectsAMissingCallId() {
        assertInvalid(without(info(), "Call-ID"), "missing mandatory header Call-ID");
    }

    @Test
    void rejectsAMissingCSeq() {
        assertInvalid(without(info(), "CSeq"), "missing mandatory header CSeq");
    }

    @Test
    void rejectsAMissingFrom() {
        assertInvalid(without(info(), "From"), "missing mandatory header From");
    }

    @Test
    void rejectsAMissingTo() {
        assertInvalid(without(info(), "To"), "missing mandatory header To");
    }

    @Test
    void rejectsARequestWithoutVia() {
        assertInvalid(without(info(), "Via"), "missing mandatory header Via");
    }

    @Test
    void rejectsACSeqMethodThatDiffersFromTheRequestMethod() {
        assertInvalid(info().replace("CSeq: 2 INFO", "CSeq: 2 BYE"), "CSeq method BYE does not match request method INFO");
    }

    @Test
    void rejectsAHeaderJainSipWouldOtherwiseDropSilently() {
        assertInvalid(info().replace("Max-Forwards: 70", "Max-Forwards: seventy"), "bad header 'Max-Forwards: seventy'");
        assertInvalid(info().replace("CSeq: 2 INFO", "CSeq: two INFO"), "bad header 'CSeq: two INFO'");
    }

    @Test
    void namesABadHeaderInPlainWordsWithoutTheParsersInternals() {
        String message = info().replaceFirst("Via: [^\r]*", "Via: ???");
        int split = message.indexOf("\r\n\r\n") + 4;
        SipParseResult result = parser.parse(utf8(message.substring(0, split)), utf8(message.substring(split)));
        // it used to read "bad header 'Via: ???': Via: ??? : [C@791afdad ID expected"
        assertThat(result).isEqualTo(new Invalid("bad header 'Via: ???'"));
    }

    @Test
    void rejectsAHeaderLineWithoutAColon() {
        assertInvalid(info().replace("Max-Forwards: 70", "Max-Forwards 70"), "Max-Forwards 70");
    }

    @Test
    void rejectsAMalformedRequestLine() {
        assertInvalid(info().replace("INFO sip:pchat@example.com;transport=tcp SIP/2.0", "INFO <nonsense> SIP/2.0"),
                "bad start line");
    }

    @Test
    void rejectsNonUtf8BytesInTheHeaderBlock() {
        byte[] head = utf8(info(2, ""));
        int at = info(2, "").indexOf("Alice");
        head[at] = (byte) 0xff;
        assertThat(parser.parse(head, new byte[0]))
                .isEqualTo(new Invalid("header block is not valid UTF-8"));
    }

    @Test
    void rejectsABodyWhoseLengthDiffersFromContentLength() {
        String m = info(2, "abc");
        String head = m.substring(0, m.length() - 3);
        assertThat(parser.parse(utf8(head), utf8("abcd")))
                .isEqualTo(new Invalid("Content-Length 3 does not match the body length 4"));
    }

    @Test
    void parsesAHeaderBlockAloneSoAnOversizedRequestCanBeAnswered() {
        String m = info(2, "0123456789");
        SipParseResult result = parser.parseHeaderBlock(utf8(m.substring(0, m.length() - 10)));
        assertThat(result).isInstanceOfSatisfying(Parsed.class,
                p -> assertThat(p.message().getContentLength().getContentLength()).isEqualTo(10));
    }

    @Test
    void neverThrowsOnGarbage() {
        assertThat(parser.parse(new byte[0], new byte[0])).isEqualTo(new Invalid("empty message"));
        assertThat(parser.parse(utf8("\r\n\r\n"), new byte[0])).isInstanceOf(Invalid.class);
        assertThat(parser.parse(utf8("x\r\n\r\n"), new byte[0])).isInstanceOf(Invalid.class);
        assertThat(parser.parse(utf8("SIP/2.0 abc\r\n\r\n"), new byte[0])).isInstanceOf(Invalid.class);
    }

    @Test
    void oneParserIsSafeToShareBetweenThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        int cseq = thread * 1000 + i;
                        String body = "t" + thread + " m" + i;
                        SipParseResult r = parser.parse(utf8(info(cseq, body).substring(0, info(cseq, body).length() - utf8(body).length)), utf8(body));
                        SIPMessage m = ((Parsed) r).message();
                        if (m.getCSeq().getSeqNumber() != cseq
                                || !new String(m.getRawContent(), StandardCharsets.UTF_8).equals(body)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private SIPMessage parsed(String message) {
        int split = message.contains("\r\n\r\n") ? message.indexOf("\r\n\r\n") + 4 : message.indexOf("\n\n") + 2;
        SipParseResult result = parser.parse(utf8(message.substring(0, split)), utf8(message.substring(split)));
        assertThat(result).isInstanceOf(Parsed.class);
        return ((Parsed) result).message();
    }

    private void assertInvalid(String message, String problemFragment) {
        int split = message.indexOf("\r\n\r\n") + 4;
        SipParseResult result = parser.parse(utf8(message.substring(0, split)), utf8(message.substring(split)));
        assertThat(result).isInstanceOfSatisfying(Invalid.class,
                i -> assertThat(i.problem()).contains(problemFragment));
    }

    private static String without(String message, String header) {
        return message.replaceAll("(?m)^" + header + ":[^\r\n]*\r\n", "");
    }
}
