package io.pchat.benchmarks.protocol;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import gov.nist.javax.sip.message.SIPRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.pchat.protocol.sip.DialogInfoWriter;
import io.pchat.protocol.sip.InfoAnswer;
import io.pchat.protocol.sip.InfoRequest;
import io.pchat.protocol.sip.SipMessageEncoder;
import io.pchat.protocol.sip.SipMessageParser;
import io.pchat.protocol.sip.SipParseResult;
import io.pchat.protocol.sip.SipResponseBuilder;
import io.pchat.protocol.xccos.XccosWriter;

/**
 * Parsing one client INFO (a chat post) with JAIN-SIP through {@link SipMessageParser}: the
 * control-path cost per incoming request, framing excluded (the frame is already cut); and a
 * client's 200 OK to a node INFO (one per delivered message), with JAIN-SIP as before and with the
 * delivery path's scan ({@link InfoAnswer#scan}); and, on the client's side, a node INFO (one per
 * message delivered to it) through JAIN-SIP and through the client's scan ({@link InfoRequest#scan})
 * with its answer built from the request's own lines. Run with {@code -prof gc} for the garbage.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SipParseBenchmark {
    private final SipMessageParser parser = new SipMessageParser();
    private byte[] headerBlock;
    private byte[] body;
    private byte[] answer;
    private ByteBuf answerBuffer;
    private byte[] nodeInfoHeaders;
    private ByteBuf nodeInfoBuffer;

    @Setup
    public void setUp() {
        body = new XccosWriter().encode(SampleMessages.deliveryEnvelope());
        byte[] info = SampleMessages.clientInfo(body);
        headerBlock = Arrays.copyOf(info, info.length - body.length);
        answer = SampleMessages.clientOkToNodeInfo();
        answerBuffer = Unpooled.directBuffer(answer.length).writeBytes(answer);
        ByteBuf header = DialogInfoWriter.create(SampleMessages.dialog()).encodeHeader(ByteBufAllocator.DEFAULT, body.length);
        nodeInfoHeaders = ByteBufUtil.getBytes(header);
        header.release();
        nodeInfoBuffer = Unpooled.directBuffer(nodeInfoHeaders.length).writeBytes(nodeInfoHeaders);
    }

    @TearDown
    public void tearDown() {
        answerBuffer.release();
        nodeInfoBuffer.release();
    }

    /** A client's 200 OK to a node INFO through JAIN-SIP (the delivery path before the scan). */
    @Benchmark
    public SipParseResult parseInfoAnswerJainSip() {
        return parser.parse(answer, new byte[0]);
    }

    /** The same 200 OK read by the delivery path's scan, from the frame's (direct) buffer. */
    @Benchmark
    public InfoAnswer scanInfoAnswer() {
        return InfoAnswer.scan(answerBuffer);
    }

    /** A node INFO as a client read it before the scan: JAIN-SIP, then a JAIN-SIP 200 OK encoded. */
    @Benchmark
    public int parseNodeInfoAndAnswerJainSip() {
        SipParseResult parsed = parser.parse(nodeInfoHeaders, body);
        SIPRequest request = (SIPRequest) ((SipParseResult.Parsed) parsed).message();
        ByteBuf out = Unpooled.buffer(512);
        SipMessageEncoder.encode(SipResponseBuilder.answering(request, 200).build(), out);
        int written = out.readableBytes();
        out.release();
        return written;
    }

    /** The same node INFO through the client's scan, answered from its own lines. */
    @Benchmark
    public byte[] scanNodeInfoAndAnswer() {
        return InfoRequest.scan(nodeInfoBuffer).answer(200, "OK");
    }

    @Benchmark
    public SipParseResult parseInfo() {
        return parser.parse(headerBlock, body);
    }
}
