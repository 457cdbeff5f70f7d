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

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pchat.protocol.sip.InfoAnswer;
import io.pchat.protocol.sip.SipMessageParser;
import io.pchat.protocol.sip.SipParseResult;
import io.pchat.protocol.xccos.XccosWriter;

/**
 * Parsing one client INFO (a chat post) with JAIN-SIP through {@link SipMessageParser}: the
 * control-path cost per incoming request, framing excluded (the frame is already cut); and a
 * client's 200 OK to a node INFO (one per delivered message), with JAIN-SIP as before and with the
 * delivery path's scan ({@link InfoAnswer#scan}). Run with {@code -prof gc} for the garbage.
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

    @Setup
    public void setUp() {
        body = new XccosWriter().encode(SampleMessages.deliveryEnvelope());
        byte[] info = SampleMessages.clientInfo(body);
        headerBlock = Arrays.copyOf(info, info.length - body.length);
        answer = SampleMessages.clientOkToNodeInfo();
        answerBuffer = Unpooled.directBuffer(answer.length).writeBytes(answer);
    }

    @TearDown
    public void tearDown() {
        answerBuffer.release();
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

    @Benchmark
    public SipParseResult parseInfo() {
        return parser.parse(headerBlock, body);
    }
}
