package io.pchat.benchmarks.protocol;

import java.time.Instant;
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
import io.netty.buffer.PooledByteBufAllocator;
import io.pchat.protocol.link.Deliver;
import io.pchat.protocol.link.LinkFormat;
import io.pchat.protocol.link.LinkFrame;
import io.pchat.protocol.link.LinkFrames;

/**
 * The node link's cost per cross-node message: the owner encodes one {@code Deliver} copy per
 * node that has participants in the room; that node decodes it once and fans it out locally.
 * One copy of a 120-character chat message, into and out of a pooled buffer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LinkFrameBenchmark {
    private Deliver copy;
    private ByteBuf encoded;

    @Setup
    public void setUp() {
        copy = new Deliver("5b293c54-6fe0-4bf4-8c3d-0082a928f104", 123_456, Instant.parse("2026-11-26T10:15:30.123456Z"),
                "sip:alice@example.com", "x".repeat(120), false, null);
        encoded = PooledByteBufAllocator.DEFAULT.heapBuffer();
        LinkFrames.encode(copy, encoded);
    }

    @TearDown
    public void tearDown() {
        encoded.release();
    }

    @Benchmark
    public int encodeDeliver() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.heapBuffer(256);
        try {
            LinkFrames.encode(copy, out);
            return out.readableBytes();
        } finally {
            out.release();
        }
    }

    @Benchmark
    public LinkFrame decodeDeliver() {
        ByteBuf frame = encoded.duplicate();
        frame.skipBytes(LinkFormat.LENGTH_FIELD_BYTES);
        int version = frame.readUnsignedByte();
        int type = frame.readUnsignedByte();
        return LinkFrames.decodeBody(version, type, frame);
    }
}
