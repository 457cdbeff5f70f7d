package io.pchat.protocol.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.pchat.protocol.sip.SampleMessages.info;
import static io.pchat.protocol.sip.SampleMessages.options;
import static io.pchat.protocol.sip.SampleMessages.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** Seeded random input in random chunk sizes: nothing escapes the pipeline and nothing leaks. */
class SipFrameDecoderFuzzTest {

    private static final int ITERATIONS = 2_000;
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
        Random random = new Random(0x5EED_C0DEL);
        int iterations = 0;
        int messages = 0;
        int failures = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = randomInput(random);
            EmbeddedChannel channel = new EmbeddedChannel(new SipFrameDecoder(new SipFrameLimits(512, 256)));
            List<ByteBuf> fed = new ArrayList<>();
            List<SipFrame> frames = new ArrayList<>();
            for (int at = 0; at < input.length; ) {
                int n = Math.min(input.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 300));
                ByteBuf chunk = Unpooled.buffer(n).writeBytes(input, at, n);
                fed.add(chunk);
                channel.writeInbound(chunk); // rethrows anything that reached the pipeline
                at += n;
                drain(channel, frames);
            }
            channel.close();
            drain(channel, frames);
            channel.checkException();

            boolean framingLost = false;
            for (SipFrame frame : frames) {
                assertThat(framingLost).as("iteration %d: no frame after lost framing", i).isFalse();
                if (frame instanceof SipFrame.Message m) {
                    messages++;
                    String headers = m.headers().toString(java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertThat(headers).as("iteration %d", i).matches("(?s).*\n\r?\n");
                    assertThat(m.bodyLength()).isBetween(0, 256);
                    m.release();
                } else if (frame instanceof SipFrame.Failed f) {
                    failures++;
                    framingLost = f.framingLost();
                }
            }
            assertThat(channel.finishAndReleaseAll()).isFalse();
            assertThat(fed).as("iteration %d: input buffers released", i).allSatisfy(b -> assertThat(b.refCnt()).isZero());
            iterations++;
        }
        assertThat(iterations).isEqualTo(ITERATIONS);
        assertThat(messages).as("the generator also produces decodable messages").isGreaterThan(ITERATIONS / 2);
        assertThat(failures).as("and failures").isGreaterThan(ITERATIONS / 4);
    }

    private static void drain(EmbeddedChannel channel, List<SipFrame> frames) {
        for (Object o; (o = channel.readInbound()) != null; ) {
            frames.add((SipFrame) o);
        }
    }

    /** A mix of valid messages, keep-alives, corrupted messages and raw random bytes. */
    private static byte[] randomInput(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int parts = 1 + random.nextInt(6);
        for (int p = 0; p < parts; p++) {
            switch (random.nextInt(6)) {
                case 0 -> out.writeBytes(utf8(options()));
                case 1 -> out.writeBytes(utf8(info(p + 1, "x".repeat(random.nextInt(300)))));
                case 2 -> out.writeBytes(utf8(random.nextBoolean() ? "\r\n" : "\r\n\r\n"));
                case 3 -> {
                    byte[] m = utf8(info());
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        m[random.nextInt(m.length)] = (byte) random.nextInt(256);
                    }
                    out.writeBytes(m);
                }
                case 4 -> {
                    byte[] junk = new byte[random.nextInt(700)];
                    random.nextBytes(junk);
                    out.writeBytes(junk);
                }
                default -> {
                    byte[] m = utf8(info());
                    out.write(m, 0, random.nextInt(m.length)); // truncated
                }
            }
        }
        return out.toByteArray();
    }
}
