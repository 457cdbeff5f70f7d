package io.pchat.protocol.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pchat.protocol.sip.SipParseResult.Parsed;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.pchat.protocol.sip.SampleMessages.info;
import static io.pchat.protocol.sip.SampleMessages.options;
import static io.pchat.protocol.sip.SampleMessages.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class SipMessageEncoderTest {

    private final SipMessageParser parser = new SipMessageParser();

    @Test
    void roundTripsParseEncodeParseToAnEqualMessage() {
        for (String original : List.of(info(), options(), info(9, "Zoë: ünïcödé €"), info().replace("\r\n", "\n"))) {
            SIPMessage first = parse(utf8(original));
            SIPMessage second = parse(encode(first));
            assertThat(second).as(original).isEqualTo(first);
            assertThat(second.getRawContent()).isEqualTo(first.getRawContent());
        }
    }

    @Test
    void messageEqualityUsedByTheRoundTripIsNotTrivial() {
        assertThat(parse(utf8(info(2, "a")))).isNotEqualTo(parse(utf8(info(3, "a"))));
        assertThat(parse(utf8(info(2, "a")))).isNotEqualTo(parse(utf8(info(2, "a").replace("tag=n1", "tag=n2"))));
    }

    @Test
    void writesTheBodyBytesExactlyAndAMatchingContentLength() {
        String body = "<chat>Grüße, 世界 🌍</chat>";
        SIPMessage message = parse(utf8(info(3, body)));
        byte[] wire = encode(message);
        String text = new String(wire, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf("\r\n\r\n") + 4;
        assertThat(text).contains("Content-Length: " + utf8(body).length + "\r\n");
        assertThat(text.substring(headerEnd)).isEqualTo(body);
    }

    @Test
    void correctsAContentLengthThatDisagreesWithTheBody() throws Exception {
        SIPMessage message = parse(utf8(info(3, "abc")));
        message.setContentLength(new gov.nist.javax.sip.header.ContentLength(99));
        assertThat(new String(encode(message), StandardCharsets.UTF_8)).contains("Content-Length: 3\r\n").endsWith("\r\n\r\nabc");
    }

    @Test
    void leavesTheRequestsViaTransportAlone() {
        SIPRequest request = (SIPRequest) parse(utf8(info()));
        String viaBefore = request.getTopmostVia().encode();
        encode(request);
        assertThat(request.getTopmostVia().encode()).isEqualTo(viaBefore);
    }

    @Test
    void encodesThroughAPipelineAndTheOutputIsReleasable() {
        SIPResponse ok = SipResponseBuilder.answering((SIPRequest) parse(utf8(info())), 200).build();
        EmbeddedChannel channel = new EmbeddedChannel(new SipMessageEncoder());
        assertThat(channel.writeOutbound(ok)).isTrue();
        ByteBuf out = channel.readOutbound();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(out.release()).isTrue();
        assertThat(text).startsWith("SIP/2.0 200 OK\r\n").endsWith("Content-Length: 0\r\n\r\n");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void itsOutputIsFramedBackByTheDecoder() {
        EmbeddedChannel channel = new EmbeddedChannel(new SipMessageEncoder(), new SipFrameDecoder());
        SIPMessage message = parse(utf8(info()));
        channel.writeOutbound(message);
        ByteBuf wire = channel.readOutbound();
        channel.writeInbound(wire);
        SipFrame.Message frame = channel.readInbound();
        assertThat(parser.parse(frame)).isInstanceOfSatisfying(Parsed.class,
                p -> assertThat(p.message()).isEqualTo(message));
        assertThat(frame.release()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private SIPMessage parse(byte[] wire) {
        String text = new String(wire, StandardCharsets.ISO_8859_1);
        int crlf = text.indexOf("\r\n\r\n");
        int split = crlf >= 0 ? crlf + 4 : text.indexOf("\n\n") + 2;
        byte[] head = java.util.Arrays.copyOfRange(wire, 0, split);
        byte[] body = java.util.Arrays.copyOfRange(wire, split, wire.length);
        return ((Parsed) parser.parse(head, body)).message();
    }

    private static byte[] encode(SIPMessage message) {
        ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        try {
            SipMessageEncoder.encode(message, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }
}
