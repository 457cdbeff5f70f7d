package io.pchat.benchmarks.protocol;

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

import io.pchat.protocol.xccos.EncodedGroupChat;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.XccosDecodeResult;
import io.pchat.protocol.xccos.XccosReader;
import io.pchat.protocol.xccos.XccosWriter;

/**
 * The XCCOS codec on one {@code grpchat} envelope: decoding a post (StAX, with the DTD and
 * entity defences on), encoding a delivery through the general writer, and encoding it once
 * with {@link EncodedGroupChat} (what fan-out does once per message, not per recipient).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GroupChatCodecBenchmark {
    private final XccosReader reader = new XccosReader();
    private final XccosWriter writer = new XccosWriter();
    private Envelope envelope;
    private GroupChat chat;
    private byte[] encoded;

    @Setup
    public void setUp() {
        envelope = SampleMessages.deliveryEnvelope();
        chat = SampleMessages.delivered();
        encoded = writer.encode(envelope);
    }

    @Benchmark
    public XccosDecodeResult decodeGroupChat() {
        return reader.read(encoded);
    }

    @Benchmark
    public byte[] encodeGroupChat() {
        return writer.encode(envelope);
    }

    @Benchmark
    public byte[] encodeGroupChatOnceForFanOut() {
        return EncodedGroupChat.of(chat).envelope(envelope.envid());
    }
}
