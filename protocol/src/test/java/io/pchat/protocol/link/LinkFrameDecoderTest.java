package io.pchat.protocol.link;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.pchat.protocol.link.LinkWire.concat;
import static io.pchat.protocol.link.LinkWire.encode;
import static io.pchat.protocol.link.LinkWire.frame;
import static io.pchat.protocol.link.LinkWire.lengthField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Framing: how the decoder cuts the stream, keeps framing across bad frames, and loses it. */
class LinkFrameDecoderTest {

    private static final List<LinkFrame> EACH_TYPE = SampleFrames.oneOfEachType();
    private static final byte[] EACH_TYPE_WIRE = encode(EACH_TYPE.toArray(LinkFrame[]::new));
    private static final Acquire GOOD = new Acquire(99, "still-decodes");

    private DecoderHarness decoder = new DecoderHarness();

    @AfterEach
    void nothingLeaks() {
        decoder.finish();
    }

    // ---- framing ------------------------------------------------------------------------------

    @Test
    void framesOfEveryTypeSplitIntoTwoReadsAtEveryBytePositionDecodeTheSame() {
        for (int split = 0; split <= EACH_TYPE_WIRE.length; split++) {
            DecoderHarness d = new DecoderHarness();
            List<LinkFrame> frames = new ArrayList<>(d.feed(Arrays.copyOfRange(EACH_TYPE_WIRE, 0, split)));
            frames.addAll(d.feed(Arrays.copyOfRange(EACH_TYPE_WIRE, split, EACH_TYPE_WIRE.length)));
            assertThat(frames).as("split at %d", split).isEqualTo(EACH_TYPE);
            d.finish();
        }
    }

    @Test
    void framesFedOneByteAtATimeDecodeTheSame() {
        assertThat(decoder.feedInChunks(EACH_TYPE_WIRE, 1)).isEqualTo(EACH_TYPE);
    }

    @Test
    void aFrameIsEmittedOnlyWhenItsLastByteArrives() {
        byte[] wire = encode(GOOD);
        assertThat(decoder.feed(Arrays.copyOf(wire, wire.length - 1))).isEmpty();
        assertThat(decoder.feed(new byte[] {wire[wire.length - 1]})).containsExactly(GOOD);
    }

    @Test
    void tenThousandFramesConcatenatedInOneBufferAllDecodeInOrder() {
        Random random = new Random(11);
        List<LinkFrame> sent = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            sent.add(SampleFrames.random(random));
        }
        assertThat(decoder.feed(encode(sent.toArray(LinkFrame[]::new)))).isEqualTo(sent);
    }

    @Test
    void aFrameExactlyAtTheLimitIsAccepted() {
        byte[] wire = encode(GOOD);
        decoder = new DecoderHarness(wire.length - 4);
        assertThat(decoder.feed(wire)).containsExactly(GOOD);
    }

    // ---- framing lost -------------------------------------------------------------------------

    @Test
    void aLengthOverTheLimitLosesFramingAndEverythingAfterIsIgnored() {
        byte[] wire = encode(GOOD);
        decoder = new DecoderHarness(wire.length - 5);
        assertThat(decoder.feed(concat(wire, encode(Ping.INSTANCE))))
                .containsExactly(new InvalidFrame("frame length " + (wire.length - 4)
                        + " exceeds the limit of " + (wire.length - 5) + " bytes", true));
        assertThat(decoder.feed(encode(GOOD, Ping.INSTANCE))).as("later input is discarded").isEmpty();
    }

    @Test
    void aHugeLengthIsRefusedAtOnceWithoutWaitingForItsBytes() {
        assertThat(decoder.feed(lengthField(Integer.MAX_VALUE)))
                .containsExactly(new InvalidFrame("frame length 2147483647 exceeds the limit of 1048576 bytes", true));
    }

    @Test
    void aLengthBelowTwoLosesFraming() {
        for (int length : new int[] {1, 0, -1, Integer.MIN_VALUE}) {
            DecoderHarness d = new DecoderHarness();
            assertThat(d.feed(concat(lengthField(length), encode(GOOD))))
                    .as("length %d", length)
                    .containsExactly(new InvalidFrame("frame length " + length + " is below the minimum of 2", true));
            assertThat(d.feed(encode(GOOD))).isEmpty();
            d.finish();
        }
    }

    @Test
    void theDecoderReportsLostFramingButLeavesClosingToTheConnectionOwner() {
        assertThat(decoder.feed(lengthField(0))).hasSize(1);
        assertThat(decoder.channel().isOpen()).isTrue();
    }

    @Test
    void framingIsLostOnlyOnceHoweverMuchGarbageFollows() {
        byte[] garbage = new byte[10_000];
        new Random(5).nextBytes(garbage);
        assertThat(decoder.feed(concat(lengthField(-7), garbage))).hasSize(1);
        assertThat(decoder.feedInChunks(garbage, 333)).isEmpty();
        assertThat(decoder.close()).isEmpty();
    }

    // ---- one bad frame keeps framing ----------------------------------------------------------

    @Test
    void aFrameOfAnotherVersionIsReportedAndTheNextFrameDecodes() {
        byte[] v2 = frame(2, LinkFormat.TYPE_PING, new byte[0]);
        byte[] v0 = frame(0, LinkFormat.TYPE_ACQUIRE, LinkWire.bodyOf(GOOD));
        assertThat(decoder.feed(concat(v2, encode(GOOD), v0, encode(GOOD)))).containsExactly(
                new InvalidFrame("frame version 2 is not supported (this node reads version 1)", false),
                GOOD,
                new InvalidFrame("frame version 0 is not supported (this node reads version 1)", false),
                GOOD);
    }

    @Test
    void aFrameOfAnUnknownTypeIsReportedAndTheNextFrameDecodes() {
        assertThat(decoder.feed(concat(
                frame(11, new byte[] {1, 2, 3}), encode(GOOD),
                frame(0, new byte[0]), frame(255, new byte[100]), encode(GOOD)))).containsExactly(
                new InvalidFrame("frame type 11 is unknown", false),
                GOOD,
                new InvalidFrame("frame type 0 is unknown", false),
                new InvalidFrame("frame type 255 is unknown", false),
                GOOD);
    }

    // ---- end of stream ------------------------------------------------------------------------

    @Test
    void aConnectionClosedInsideAFrameReportsLostFraming() {
        byte[] wire = encode(GOOD);
        assertThat(decoder.feed(Arrays.copyOf(wire, 10))).isEmpty();
        assertThat(decoder.close()).containsExactly(new InvalidFrame(
                "connection closed after 6 of the " + (wire.length - 4) + " bytes of a frame", true));
    }

    @Test
    void aConnectionClosedRightAfterALengthFieldReportsLostFraming() {
        assertThat(decoder.feed(lengthField(20))).isEmpty();
        assertThat(decoder.close())
                .containsExactly(new InvalidFrame("connection closed after 0 of the 20 bytes of a frame", true));
    }

    @Test
    void aConnectionClosedInsideALengthFieldReportsLostFraming() {
        assertThat(decoder.feed(encode(GOOD, Ping.INSTANCE, Ping.INSTANCE))).hasSize(3);
        assertThat(decoder.feed(new byte[] {0, 0, 0})).isEmpty();
        assertThat(decoder.close())
                .containsExactly(new InvalidFrame("connection closed after 3 of the 4 bytes of a length field", true));
    }

    @Test
    void aConnectionClosedBetweenFramesReportsNothing() {
        assertThat(decoder.feed(encode(GOOD))).containsExactly(GOOD);
        assertThat(decoder.close()).isEmpty();
    }

    @Test
    void aConnectionClosedAfterLostFramingReportsNothingMore() {
        assertThat(decoder.feed(concat(lengthField(1), new byte[] {0, 0}))).hasSize(1);
        assertThat(decoder.close()).isEmpty();
    }

    // ---- construction -------------------------------------------------------------------------

    @Test
    void theLimitMustLeaveRoomForVersionAndType() {
        assertThatThrownBy(() -> new LinkFrameDecoder(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxFrameBytes must be at least 2: 1");
        decoder = new DecoderHarness(2);
        assertThat(decoder.feed(encode(Ping.INSTANCE))).containsExactly(Ping.INSTANCE);
    }
}
