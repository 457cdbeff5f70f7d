package io.pchat.protocol.sip;

import gov.nist.javax.sip.message.SIPRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pchat.protocol.sip.SipParseResult.Parsed;
import org.junit.jupiter.api.Test;

import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.MaxForwardsHeader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static io.pchat.protocol.sip.SampleMessages.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DialogInfoWriterTest {

    static final DialogInfoTemplate TEMPLATE = new DialogInfoTemplate(
            "sip:alice@192.0.2.10:52100;transport=tcp",
            "TCP",
            "node1.example.com:5041",
            "<sip:pchat@example.com>",
            "n0de7ag",
            "\"Alice\" <sip:alice@example.com>;epid=01020304",
            "a1",
            "call-1@192.0.2.10",
            "sip:node1.example.com:5041;transport=tcp");

    private static final String BODY = "<xccos ver=\"1\" envid=\"9\" xmlns=\"urn:parlano:xml:ns:xccos\"><grpchat><chat>Grüße €</chat></grpchat></xccos>";

    private final SipMessageParser parser = new SipMessageParser();
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    @Test
    void theLastRequestIsABodilessByeFromTheSameLinesWithTheNextCseqWithoutTakingIt() {
        DialogInfoWriter writer = new DialogInfoWriter(TEMPLATE, 5, "d1a10g");
        writer.encodeHeader(alloc, 0).release(); // INFO 5

        String bye = new String(writer.lastRequest("BYE"), StandardCharsets.UTF_8);

        assertThat(bye).isEqualTo("BYE sip:alice@192.0.2.10:52100;transport=tcp SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP node1.example.com:5041;branch=" + writer.branch(6) + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:pchat@example.com>;tag=n0de7ag\r\n"
                + "To: \"Alice\" <sip:alice@example.com>;epid=01020304;tag=a1\r\n"
                + "Call-ID: call-1@192.0.2.10\r\n"
                + "CSeq: 6 BYE\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertThat(writer.nextCSeq()).isEqualTo(6);
        assertThat(parser.parse(writer.lastRequest("BYE"), new byte[0])).isInstanceOf(SipParseResult.Parsed.class);
    }

    @Test
    void writesAnInfoThatJainSipParsesWithEveryHeaderAsTemplated() {
        DialogInfoWriter writer = new DialogInfoWriter(TEMPLATE, 5, "d1a10g");
        ByteBuf body = Unpooled.copiedBuffer(BODY, StandardCharsets.UTF_8);
        SIPRequest info = parse(writer.encode(alloc, body));

        assertThat(info.getMethod()).isEqualTo("INFO");
        assertThat(info.getRequestURI().toString()).isEqualTo("sip:alice@192.0.2.10:52100;transport=tcp");
        assertThat(info.getTopmostVia().getTransport()).isEqualTo("TCP");
        assertThat(info.getTopmostVia().getHost()).isEqualTo("node1.example.com");
        assertThat(info.getTopmostVia().getPort()).isEqualTo(5041);
        assertThat(info.getTopmostVia().getBranch()).isEqualTo("z9hG4bKd1a10g-5").isEqualTo(writer.branch(5));
        assertThat(((MaxForwardsHeader) info.getHeader("Max-Forwards")).getMaxForwards()).isEqualTo(70);
        assertThat(info.getFrom().getAddress().getURI().toString()).isEqualTo("sip:pchat@example.com");
        assertThat(info.getFrom().getTag()).isEqualTo("n0de7ag");
        assertThat(info.getTo().getAddress().getURI().toString()).isEqualTo("sip:alice@example.com");
        assertThat(info.getTo().getAddress().getDisplayName()).isEqualTo("Alice");
        assertThat(info.getTo().getTag()).isEqualTo("a1");
        assertThat(info.getTo().getParameter("epid")).isEqualTo("01020304");
        assertThat(info.getCallId().getCallId()).isEqualTo("call-1@192.0.2.10");
        assertThat(info.getCSeq().getSeqNumber()).isEqualTo(5);
        assertThat(info.getCSeq().getMethod()).isEqualTo("INFO");
        assertThat(((ContactHeader) info.getHeader("Contact")).getAddress().getURI().toString())
                .isEqualTo("sip:node1.example.com:5041;transport=tcp");
        ContentTypeHeader type = info.getContentTypeHeader();
        assertThat(type.getContentType() + "/" + type.getContentSubType()).isEqualTo("text/plain");
        assertThat(type.getParameter("charset")).isEqualTo("UTF-8");
        assertThat(info.getContentLength().getContentLength()).isEqualTo(utf8(BODY).length);
        assertThat(info.getRawContent()).isEqualTo(utf8(BODY));
        assertThat(body.release()).isTrue();
    }

    @Test
    void consecutiveRequestsHaveIncreasingCSeqsAndDistinctBranches() {
        DialogInfoWriter writer = DialogInfoWriter.create(TEMPLATE);
        ByteBuf body = Unpooled.copiedBuffer("x", StandardCharsets.UTF_8);
        Set<String> branches = new HashSet<>();
        long previous = 0;
        for (int i = 0; i < 12; i++) { // crosses from one to two digits
            SIPRequest info = parse(writer.encode(alloc, body));
            assertThat(info.getCSeq().getSeqNumber()).isEqualTo(previous + 1);
            previous = info.getCSeq().getSeqNumber();
            assertThat(branches.add(info.getTopmostVia().getBranch())).isTrue();
        }
        assertThat(writer.nextCSeq()).isEqualTo(13);
        assertThat(body.release()).isTrue();
    }

    @Test
    void twoDialogsGetDifferentBranchesForTheSameCSeq() {
        assertThat(DialogInfoWriter.create(TEMPLATE).branch(1)).isNotEqualTo(DialogInfoWriter.create(TEMPLATE).branch(1));
    }

    @Test
    void keepsAConfiguredLowerCaseTransportToken() {
        DialogInfoTemplate lower = new DialogInfoTemplate(TEMPLATE.requestUri(), "tcp", TEMPLATE.viaSentBy(),
                TEMPLATE.localAddress(), TEMPLATE.localTag(), TEMPLATE.remoteAddress(), TEMPLATE.remoteTag(),
                TEMPLATE.callId(), TEMPLATE.contactUri());
        ByteBuf header = new DialogInfoWriter(lower, 1, "p").encodeHeader(alloc, 0);
        assertThat(header.toString(StandardCharsets.US_ASCII)).contains("\r\nVia: SIP/2.0/tcp node1.example.com:5041;branch=z9hG4bKp-1\r\n");
        assertThat(header.release()).isTrue();
    }

    @Test
    void anEmptyBodyGivesContentLengthZero() {
        ByteBuf header = new DialogInfoWriter(TEMPLATE, 1, "p").encodeHeader(alloc, 0);
        assertThat(header.toString(StandardCharsets.US_ASCII)).endsWith("\r\nContent-Length: 0\r\n\r\n");
        assertThat(header.release()).isTrue();
    }

    @Test
    void theEncodedRequestSharesTheBodyAndHoldsOneReferenceToIt() {
        DialogInfoWriter writer = new DialogInfoWriter(TEMPLATE, 1, "p");
        ByteBuf body = alloc.buffer().writeBytes(utf8(BODY));
        int readerIndex = body.readerIndex();

        ByteBuf first = writer.encode(alloc, body);
        ByteBuf second = writer.encode(alloc, body);
        assertThat(body.refCnt()).as("one reference per encoded request plus the caller's").isEqualTo(3);
        assertThat(body.readerIndex()).isEqualTo(readerIndex);

        assertThat(first.release()).isTrue();
        assertThat(body.refCnt()).isEqualTo(2);
        assertThat(second.release()).isTrue();
        assertThat(body.refCnt()).isEqualTo(1);
        assertThat(body.release()).isTrue();
    }

    @Test
    void writingToAChannelSendsHeaderThenTheSharedBodyAndTheChannelReleasesBoth() {
        DialogInfoWriter writer = new DialogInfoWriter(TEMPLATE, 1, "p");
        ByteBuf body = Unpooled.copiedBuffer(BODY, StandardCharsets.UTF_8);
        EmbeddedChannel channel = new EmbeddedChannel();

        writer.write(channel, body);
        channel.flush();
        ByteBuf header = channel.readOutbound();
        ByteBuf sentBody = channel.readOutbound();
        assertThat(body.refCnt()).isEqualTo(2);
        assertThat(sentBody.unwrap()).as("a view of the shared body, not a copy").isSameAs(body);
        assertThat(sentBody.toString(StandardCharsets.UTF_8)).isEqualTo(BODY);
        SIPRequest info = parse(Unpooled.wrappedBuffer(header, sentBody)); // releases both
        assertThat(info.getRawContent()).isEqualTo(utf8(BODY));
        assertThat(header.refCnt()).isZero();
        assertThat(body.refCnt()).isEqualTo(1);
        assertThat(body.release()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void isSemanticallyEqualToTheJainSipReferenceRequest() {
        DialogInfoWriter writer = new DialogInfoWriter(TEMPLATE, 42, "ref");
        ByteBuf body = Unpooled.copiedBuffer(BODY, StandardCharsets.UTF_8);
        SIPRequest fast = parse(writer.encode(alloc, body));
        SIPRequest reference = new JainSipInfoFactory().create(TEMPLATE, writer.branch(42), 42, utf8(BODY));
        // through the wire form, as a client would see it
        ByteBuf referenceWire = Unpooled.buffer();
        SipMessageEncoder.encode(reference, referenceWire);
        SIPRequest slow = parse(referenceWire);

        assertThat(fast.getRequestLine()).isEqualTo(slow.getRequestLine());
        for (String name : new String[] {"Via", "Max-Forwards", "From", "To", "Call-ID", "CSeq", "Contact",
                "Content-Type", "Content-Length"}) {
            assertThat(fast.getHeader(name)).as(name).isEqualTo(slow.getHeader(name));
        }
        assertThat(fast.getRawContent()).isEqualTo(slow.getRawContent());
        assertThat(fast).isEqualTo(slow);
        assertThat(body.release()).isTrue();
    }

    @Test
    void buildsTheTemplateFromTheClientsInvite() {
        String invite = "INVITE sip:pchat@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 192.0.2.10:52100;branch=z9hG4bK-inv\r\n"
                + "From: \"Alice\" <sip:alice@example.com>;tag=a1;epid=01020304\r\n"
                + "To: <sip:pchat@example.com>\r\n"
                + "Call-ID: call-1@192.0.2.10\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:alice@192.0.2.10:52100;transport=tcp>\r\n"
                + "Content-Length: 0\r\n\r\n";
        SIPRequest request = (SIPRequest) ((Parsed) parser.parse(utf8(invite), new byte[0])).message();
        DialogInfoTemplate t = DialogInfoTemplate.forInvite(request, "n0de7ag", "node1.example.com:5041",
                "sip:node1.example.com:5041;transport=tcp");
        assertThat(t.requestUri()).isEqualTo(TEMPLATE.requestUri());
        assertThat(t.remoteTag()).isEqualTo("a1");
        assertThat(t.remoteAddress()).contains("<sip:alice@example.com>").contains("epid=01020304").doesNotContain("tag");
        assertThat(t.localAddress()).isEqualTo("<sip:pchat@example.com>");
        assertThat(t.callId()).isEqualTo("call-1@192.0.2.10");
        assertThat(request.getFrom().getTag()).as("the INVITE is untouched").isEqualTo("a1");

        ByteBuf out = DialogInfoWriter.create(t).encodeHeader(alloc, 0);
        SIPRequest info = parse(out);
        assertThat(info.getTo().getTag()).isEqualTo("a1");
        assertThat(info.getTo().getParameter("epid")).isEqualTo("01020304");
    }

    @Test
    void refusesTemplateValuesThatWouldInjectHeaders() {
        assertThatThrownBy(() -> new DialogInfoTemplate("sip:a@b", "TCP", "h:1", "<sip:x@y>", "t",
                "<sip:a@b>\r\nX-Evil: 1", "r", "c", "sip:h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DialogInfoTemplate("sip:a@b", "TCP", "h:1", "<sip:x@y>", "t t",
                "<sip:a@b>", "r", "c", "sip:h")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesCSeqsOutsideTheRfcRange() {
        assertThatThrownBy(() -> new DialogInfoWriter(TEMPLATE, 0, "p")).isInstanceOf(IllegalArgumentException.class);
        DialogInfoWriter last = new DialogInfoWriter(TEMPLATE, DialogInfoWriter.MAX_CSEQ, "p");
        assertThat(last.encodeHeader(alloc, 0).release()).isTrue();
        assertThatThrownBy(() -> last.encodeHeader(alloc, 0)).isInstanceOf(IllegalStateException.class);
    }

    /** Frames and parses the buffer, releasing it. */
    private SIPRequest parse(ByteBuf wire) {
        EmbeddedChannel channel = new EmbeddedChannel(new SipFrameDecoder());
        channel.writeInbound(wire);
        SipFrame.Message frame = channel.readInbound();
        assertThat(frame).as("exactly one framed message").isNotNull();
        assertThat((Object) channel.readInbound()).isNull();
        try {
            SipParseResult result = parser.parse(frame);
            assertThat(result).isInstanceOf(Parsed.class);
            return (SIPRequest) ((Parsed) result).message();
        } finally {
            frame.release();
            channel.finishAndReleaseAll();
        }
    }
}
