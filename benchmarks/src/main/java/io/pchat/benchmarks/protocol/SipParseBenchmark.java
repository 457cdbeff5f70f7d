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
import org.openjdk.jmh.annotations.Warmup;

import io.pchat.protocol.sip.SipMessageParser;
import io.pchat.protocol.sip.SipParseResult;
import io.pchat.protocol.xccos.XccosWriter;

/**
 * Parsing one client INFO (a chat post) with JAIN-SIP through {@link SipMessageParser}: the
 * control-path cost per incoming request, framing excluded (the frame is already cut).
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

    @Setup
    public void setUp() {
        body = new XccosWriter().encode(SampleMessages.deliveryEnvelope());
        byte[] info = SampleMessages.clientInfo(body);
        headerBlock = Arrays.copyOf(info, info.length - body.length);
    }

    @Benchmark
    public SipParseResult parseInfo() {
        return parser.parse(headerBlock, body);
    }
}
