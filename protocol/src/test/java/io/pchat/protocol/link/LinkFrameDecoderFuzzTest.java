package io.pchat.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random input in random chunk sizes: nothing escapes the pipeline, nothing leaks, nothing
 * follows lost framing, and whatever decodes as a frame is a valid one.
 */
class LinkFrameDecoderFuzzTest {

    private static final int ITERATIONS = 2_000;
    private static final int MAX_FRAME_BYTES = 4096;
    private static ResourceLeakDetector.Level previousLevel;

    @BeforeAll
    static void detectLeaksParanoidly() {
        previousLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterAll
    static void restoreLeakDetection() {
        ResourceLeakDetector.setLevel(previousLevel);
    }

    @Test
    void randomInputNeverThrowsNeverLeaksAndStopsAfterLostFraming() {
        Random random = new Random(0x11_4E_C0DEL);
        int iterations = 0;
        int frames = 0;
        int badFrames = 0;
        int lostFraming = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = randomInput(random);
            EmbeddedChannel channel = new EmbeddedChannel(new LinkFrameDecoder(MAX_FRAME_BYTES));
            List<ByteBuf> fed = new ArrayList<>();
            List<LinkFrame> out = new ArrayList<>();
            for (int at = 0; at < input.length; ) {
                int n = Math.min(input.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 600));
                ByteBuf chunk = (random.nextBoolean() ? Unpooled.directBuffer(n) : Unpooled.buffer(n))
                        .writeBytes(input, at, n);
                fed.add(chunk);
                channel.writeInbound(chunk); // rethrows anything that reached the pipeline
                at += n;
                drain(channel, out);
            }
            channel.close();
            drain(channel, out);
            channel.checkException();

            boolean framingLost = false;
            for (LinkFrame frame : out) {
                assertThat(framingLost).as("iteration %d: no frame after lost framing", i).isFalse();
                if (frame instanceof InvalidFrame invalid) {
                    assertThat(invalid.reason()).as("iteration %d: one line", i).doesNotContain("\n").isNotBlank();
                    framingLost = invalid.framingLost();
                    badFrames += framingLost ? 0 : 1;
                    lostFraming += framingLost ? 1 : 0;
                } else {
                    frames++;
                    assertThat(reencoded(frame)).as("iteration %d: a decoded frame is a valid frame", i)
                            .isEqualTo(frame);
                }
            }
            assertThat(channel.finishAndReleaseAll()).isFalse();
            assertThat(fed).as("iteration %d: input buffers released", i).allSatisfy(b -> assertThat(b.refCnt()).isZero());
            iterations++;
        }
        assertThat(iterations).isEqualTo(ITERATIONS);
        // The generator must exercise every path, or the test proves little.
        assertThat(frames).as("good frames").isGreaterThan(ITERATIONS / 2);
        assertThat(badFrames).as("bad frames with framing kept").isGreaterThan(ITERATIONS / 2);
        assertThat(lostFraming).as("framing lost").isGreaterThan(ITERATIONS / 4);
    }

    private static LinkFrame reencoded(LinkFrame frame) {
        ByteBuf buf = Unpooled.buffer();
        try {
            LinkFrames.encode(frame, buf);
            int length = buf.readInt();
            assertThat(length).isEqualTo(buf.readableBytes());
            return LinkFrames.decodeBody(buf.readUnsignedByte(), buf.readUnsignedByte(), buf);
        } finally {
            buf.release();
        }
    }

    private static void drain(EmbeddedChannel channel, List<LinkFrame> frames) {
        for (Object o; (o = channel.readInbound()) != null; ) {
            frames.add((LinkFrame) o);
        }
    }

    /** A mix of valid frames, frames with a sound length and a damaged inside, and raw garbage. */
    private static byte[] randomInput(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int parts = 1 + random.nextInt(6);
        for (int p = 0; p < parts; p++) {
            switch (random.nextInt(8)) {
                case 0, 1 -> out.writeBytes(LinkWire.encode(SampleFrames.random(random)));
                case 2 -> { // damaged body, length intact
                    byte[] frame = LinkWire.encode(SampleFrames.random(random));
                    if (frame.length > 6) {
                        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                            frame[6 + random.nextInt(frame.length - 6)] = (byte) random.nextInt(256);
                        }
                    }
                    out.writeBytes(frame);
                }
                case 3 -> { // version or type damaged, length intact
                    byte[] frame = LinkWire.encode(SampleFrames.random(random));
                    frame[4 + random.nextInt(2)] = (byte) random.nextInt(256);
                    out.writeBytes(frame);
                }
                case 4 -> { // the length field says less or more than the frame holds
                    byte[] frame = LinkWire.encode(SampleFrames.random(random));
                    int length = ByteBuffer.wrap(frame).getInt() + random.nextInt(9) - 4;
                    ByteBuffer.wrap(frame).putInt(length);
                    out.writeBytes(frame);
                }
                case 5 -> { // random body of a sound length
                    byte[] body = new byte[random.nextInt(200)];
                    random.nextBytes(body);
                    out.writeBytes(LinkWire.frame(1 + random.nextInt(8), body));
                }
                case 6 -> { // garbage
                    byte[] junk = new byte[random.nextInt(700)];
                    random.nextBytes(junk);
                    out.writeBytes(junk);
                }
                default -> { // truncated
                    byte[] frame = LinkWire.encode(SampleFrames.random(random));
                    out.write(frame, 0, random.nextInt(frame.length));
                }
            }
        }
        return out.toByteArray();
    }
}
