package io.pchat.benchmarks.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.pchat.protocol.sip.DialogInfoTemplate;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.protocol.xccos.GroupChat;

/** The realistic inputs the protocol benchmarks share: one chat line, its envelope, one dialog. */
final class SampleMessages {
    static final String ROOM = "ma-chan://example.com/8f1d2c3b-4a5e-4f60-9a7b-1c2d3e4f5a6b";
    static final String TEXT = "Deploy of build 4711 is done; please check the dashboards & report <anything> odd.";
    static final Instant TS = Instant.parse("2026-11-26T09:00:01.1234567Z");

    static GroupChat delivered() {
        return new GroupChat(1, ROOM, "sip:alice@example.com", TS, 42L, TEXT, false, null);
    }

    static Envelope deliveryEnvelope() {
        return Envelope.of(1_000_000_007L, delivered());
    }

    static DialogInfoTemplate dialog() {
        return new DialogInfoTemplate("sip:alice@127.0.0.1:49152;transport=tcp", "TCP", "127.0.0.1:5041",
                "<sip:pchat@example.com>", "n0de7a9", "<sip:alice@example.com>;epid=1a2b3c4d5e",
                "c1i3nt7a9", "4b1d6c5e3f2a1b0c@127.0.0.1", "sip:node1@127.0.0.1:5041;transport=tcp");
    }

    /** A client INFO carrying a post, as it arrives on the wire. */
    static byte[] clientInfo(byte[] body) {
        String headers = "INFO sip:node1@127.0.0.1:5041;transport=tcp SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:49152;branch=z9hG4bK776asdhds\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=c1i3nt7a9;epid=1a2b3c4d5e\r\n"
                + "To: <sip:pchat@example.com>;tag=n0de7a9\r\n"
                + "Call-ID: 4b1d6c5e3f2a1b0c@127.0.0.1\r\n"
                + "CSeq: 17 INFO\r\n"
                + "Contact: <sip:alice@127.0.0.1:49152;transport=tcp>\r\n"
                + "User-Agent: UCCAPI/15.0.4420.1017 OC/15.0.4420.1017\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] head = headers.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** A client's 200 OK to the node's INFO 42, as a Lync-like client sends it. */
    static byte[] clientOkToNodeInfo() {
        return ("SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:5041;branch=z9hG4bK-n0de-42;received=127.0.0.1\r\n"
                + "From: <sip:pchat@example.com>;tag=n0de7a9\r\n"
                + "To: <sip:alice@example.com>;tag=c1i3nt7a9;epid=1a2b3c4d5e\r\n"
                + "Call-ID: 4b1d6c5e3f2a1b0c@127.0.0.1\r\n"
                + "CSeq: 42 INFO\r\n"
                + "User-Agent: UCCAPI/15.0.4420.1017 OC/15.0.4420.1017\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private SampleMessages() {
    }
}
