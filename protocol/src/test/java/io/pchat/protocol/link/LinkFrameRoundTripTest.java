package io.pchat.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.pchat.protocol.link.LinkWire.bytes;
import static io.pchat.protocol.link.LinkWire.concat;
import static io.pchat.protocol.link.LinkWire.encode;
import static org.assertj.core.api.Assertions.assertThat;

/** Every frame read back equals the frame written, and the bytes in between are the documented ones. */
class LinkFrameRoundTripTest {

    static Stream<LinkFrame> frames() {
        return Stream.concat(SampleFrames.oneOfEachType().stream(), SampleFrames.edgeCases().stream());
    }

    @ParameterizedTest
    @MethodSource("frames")
    void aFrameDecodesToAnEqualFrame(LinkFrame frame) {
        DecoderHarness decoder = new DecoderHarness();
        assertThat(decoder.feed(encode(frame))).containsExactly(frame);
        decoder.finish();
    }

    @ParameterizedTest
    @MethodSource("frames")
    void aFrameSurvivesTheNettyEncoderAndDecoder(LinkFrame frame) {
        EmbeddedChannel sender = new EmbeddedChannel(new LinkFrameEncoder());
        EmbeddedChannel receiver = new EmbeddedChannel(new LinkFrameDecoder());
        assertThat(sender.writeOutbound(frame)).isTrue();
        ByteBuf wire = sender.readOutbound();
        receiver.writeInbound(wire);
        assertThat((LinkFrame) receiver.readInbound()).isEqualTo(frame);
        assertThat(wire.refCnt()).isZero();
        assertThat(sender.finish()).isFalse();
        assertThat(receiver.finish()).isFalse();
    }

    @Test
    void everyTypeHasItsOwnCodeFromOneToTen() {
        List<Integer> codes = new ArrayList<>();
        for (LinkFrame frame : SampleFrames.oneOfEachType()) {
            byte[] wire = encode(frame);
            assertThat(wire[5] & 0xff).isEqualTo(LinkFrames.typeOf(frame));
            codes.add(LinkFrames.typeOf(frame));
        }
        assertThat(codes).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void theLengthFieldCountsEveryByteAfterItselfAndTheVersionIsOne() {
        for (LinkFrame frame : frames().toList()) {
            byte[] wire = encode(frame);
            ByteBuf buf = Unpooled.wrappedBuffer(wire);
            assertThat(buf.getInt(0)).as("%s", frame).isEqualTo(wire.length - 4);
            assertThat(buf.getUnsignedByte(4)).isEqualTo((short) 1);
        }
    }

    // ---- the exact bytes, as docs/link.md describes them ------------------------------------

    @Test
    void aPingIsSixBytes() {
        assertThat(encode(Ping.INSTANCE)).containsExactly(0, 0, 0, 2, 1, 8);
    }

    @Test
    void anAcquireIsALongThenALengthPrefixedString() {
        assertThat(encode(new Acquire(7, "r1"))).containsExactly(bytes(
                0, 0, 0, 16, 1, 6,
                0, 0, 0, 0, 0, 0, 0, 7,
                0, 0, 0, 2, 'r', '1'));
    }

    @Test
    void aNullStringIsLengthMinusOneAndABooleanIsOneByte() {
        assertThat(encode(new ForwardPost(1, "r", "a", "é", true, null))).containsExactly(bytes(
                0, 0, 0, 31, 1, 2,
                0, 0, 0, 0, 0, 0, 0, 1,
                0, 0, 0, 1, 'r',
                0, 0, 0, 1, 'a',
                0, 0, 0, 2, 0xc3, 0xa9,
                1,
                0xff, 0xff, 0xff, 0xff));
    }

    @Test
    void anEnumIsItsOrdinalInOneByte() {
        assertThat(encode(PostResult.failed(2, PostStatus.REFUSED, ""))).containsExactly(bytes(
                0, 0, 0, 23, 1, 3,
                0, 0, 0, 0, 0, 0, 0, 2,
                3,
                0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0));
    }

    @Test
    void anInstantIsEpochSecondsThenNanoseconds() {
        Deliver deliver = new Deliver("", 1, Instant.ofEpochSecond(258, 5), "", "", false, "");
        assertThat(encode(deliver)).containsExactly(bytes(
                0, 0, 0, 39, 1, 4,
                0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 1,
                0, 0, 0, 0, 0, 0, 1, 2,
                0, 0, 0, 5,
                0, 0, 0, 0,
                0, 0, 0, 0,
                0,
                0, 0, 0, 0));
    }

    @Test
    void aHelloStartsWithTheSendersVersionAsAnInt() {
        assertThat(encode(new Hello(1, "n", "d", -1))).containsExactly(bytes(
                0, 0, 0, 24, 1, 1,
                0, 0, 0, 1,
                0, 0, 0, 1, 'n',
                0, 0, 0, 1, 'd',
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
    }

    @Test
    void aPresenceIsTwoStringsThenThreeBooleans() {
        assertThat(encode(new Presence("r", "u", true, false, true))).containsExactly(bytes(
                0, 0, 0, 15, 1, 5,
                0, 0, 0, 1, 'r',
                0, 0, 0, 1, 'u',
                1, 0, 1));
    }

    @Test
    void anUnpairedSurrogateIsWrittenAsAQuestionMarkRatherThanRefusingTheFrame() {
        DecoderHarness decoder = new DecoderHarness();
        assertThat(decoder.feed(encode(new Acquire(1, "a\uD800b"))))
                .containsExactly(new Acquire(1, "a?b"));
        decoder.finish();
    }

    @Test
    void encodingAppendsToWhatIsAlreadyInTheBuffer() {
        ByteBuf buf = Unpooled.buffer().writeBytes(bytes(9, 9, 9));
        LinkFrames.encode(Ping.INSTANCE, buf);
        byte[] written = new byte[buf.readableBytes()];
        buf.readBytes(written);
        buf.release();
        assertThat(written).containsExactly(concat(bytes(9, 9, 9), encode(Ping.INSTANCE)));
    }
}
