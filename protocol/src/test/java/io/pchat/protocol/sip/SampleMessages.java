package io.pchat.protocol.sip;

import java.nio.charset.StandardCharsets;

/** Well-formed SIP messages used as test input across the package's tests. */
final class SampleMessages {

    private SampleMessages() {
    }

    static final String INFO_BODY = "<xccos ver=\"1\" envid=\"7\" xmlns=\"urn:parlano:xml:ns:xccos\"><cmd id=\"cmd:requri\" seqid=\"1\"><data/></cmd></xccos>";

    /** A client INFO with an XCCOS body, CRLF line endings, correct Content-Length. */
    static String info(int cseq, String body) {
        return "INFO sip:pchat@example.com;transport=tcp SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 192.0.2.10:52100;branch=z9hG4bK-client-" + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"Alice\" <sip:alice@example.com>;tag=a1;epid=01020304\r\n"
                + "To: <sip:pchat@example.com>;tag=n1\r\n"
                + "Call-ID: call-1@192.0.2.10\r\n"
                + "CSeq: " + cseq + " INFO\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Length: " + utf8(body).length + "\r\n"
                + "\r\n"
                + body;
    }

    static String info() {
        return info(2, INFO_BODY);
    }

    /** An OPTIONS without a body. */
    static String options() {
        return "OPTIONS sip:pchat@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 192.0.2.10:52100;branch=z9hG4bK-opt\r\n"
                + "From: <sip:alice@example.com>;tag=o1\r\n"
                + "To: <sip:pchat@example.com>\r\n"
                + "Call-ID: opt-1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
