package io.pchat.benchmarks.protocol;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.pchat.protocol.sip.DialogInfoTemplate;
import io.pchat.protocol.sip.DialogInfoWriter;
import io.pchat.protocol.sip.JainSipInfoFactory;
import io.pchat.protocol.sip.SipMessageEncoder;
import io.pchat.protocol.xccos.XccosWriter;

/**
 * Building the INFO one recipient gets during fan-out, from its dialog and the message body that
 * was encoded once: with the fast {@link DialogInfoWriter} (pre-encoded header bytes, the body
 * shared, not copied) against building a JAIN-SIP request object and encoding it to bytes. Both
 * end with the request's bytes in a buffer; writing to a socket is not measured here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FanOutInfoBenchmark {
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final JainSipInfoFactory jainSip = new JainSipInfoFactory();
    private DialogInfoTemplate template;
    private DialogInfoWriter writer;
    private byte[] bodyBytes;
    private ByteBuf body;
    private long cseq;

    @Setup(Level.Iteration)
    public void setUp() {
        template = SampleMessages.dialog();
        writer = DialogInfoWriter.create(template);
        bodyBytes = new XccosWriter().encode(SampleMessages.deliveryEnvelope());
        body = Unpooled.directBuffer(bodyBytes.length).writeBytes(bodyBytes);
        cseq = 1;
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        body.release();
    }

    /** Header bytes plus a retained duplicate of the shared body, released as a socket write would. */
    @Benchmark
    public int fastWriter() {
        ByteBuf request = writer.encode(alloc, body);
        int size = request.readableBytes();
        request.release();
        return size;
    }

    /** A JAIN-SIP request object per recipient, encoded to a buffer. */
    @Benchmark
    public int jainSipObjects() {
        long n = cseq++;
        SIPRequest request = jainSip.create(template, "z9hG4bKbench-" + n, n, bodyBytes);
        ByteBuf out = alloc.buffer(bodyBytes.length + 512);
        SipMessageEncoder.encode(request, out);
        int size = out.readableBytes();
        out.release();
        return size;
    }
}
