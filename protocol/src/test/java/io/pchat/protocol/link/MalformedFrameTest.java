package io.pchat.protocol.link;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.pchat.protocol.link.LinkFormat.TYPE_ACQUIRE;
import static io.pchat.protocol.link.LinkFormat.TYPE_ACQUIRE_RESULT;
import static io.pchat.protocol.link.LinkFormat.TYPE_DELIVER;
import static io.pchat.protocol.link.LinkFormat.TYPE_FORWARD_POST;
import static io.pchat.protocol.link.LinkFormat.TYPE_HELLO;
import static io.pchat.protocol.link.LinkFormat.TYPE_PING;
import static io.pchat.protocol.link.LinkFormat.TYPE_POST_RESULT;
import static io.pchat.protocol.link.LinkFormat.TYPE_PRESENCE;
import static io.pchat.protocol.link.LinkWire.body;
import static io.pchat.protocol.link.LinkWire.bodyOf;
import static io.pchat.protocol.link.LinkWire.bytes;
import static io.pchat.protocol.link.LinkWire.concat;
import static io.pchat.protocol.link.LinkWire.encode;
import static io.pchat.protocol.link.LinkWire.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frame whose length is sound but whose content is not: each is reported as one {@link
 * InvalidFrame} naming the problem, with framing kept, and the next frame still decodes.
 */
class MalformedFrameTest {

    private static final Acquire NEXT = new Acquire(5, "next");

    private final DecoderHarness decoder = new DecoderHarness();

    @AfterEach
    void nothingLeaks() {
        decoder.finish();
    }

    // ---- truncation ---------------------------------------------------------------------------

    static Stream<LinkFrame> framesWithABody() {
        // Edge cases too, but not the 100 KiB texts: cutting those at every length proves nothing more.
        return Stream.concat(SampleFrames.oneOfEachType().stream(), SampleFrames.edgeCases().stream())
                .filter(f -> !(f instanceof Ping))
                .filter(f -> bodyOf(f).length < 1000);
    }

    @ParameterizedTest
    @MethodSource("framesWithABody")
    void aBodyCutShortAtEveryLengthIsReportedAsTruncatedAndTheNextFrameDecodes(LinkFrame frame) {
        byte[] body = bodyOf(frame);
        String name = frame.getClass().getSimpleName();
        for (int cut = 0; cut < body.length; cut++) {
            byte[] truncated = frame(LinkFrames.typeOf(frame), Arrays.copyOf(body, cut));
            List<LinkFrame> frames = decoder.feed(concat(truncated, encode(NEXT)));
            assertThat(frames).as("%s cut to %d of %d body bytes", name, cut, body.length).hasSize(2);
            assertThat(frames.get(0)).isInstanceOfSatisfying(InvalidFrame.class, invalid -> {
                assertThat(invalid.reason()).matches(name + ": (long|int|boolean|enum|timestamp|string) field \\w+ is truncated");
                assertThat(invalid.framingLost()).isFalse();
            });
            assertThat(frames.get(1)).isEqualTo(NEXT);
        }
    }

    @Test
    void aTruncatedFieldIsNamedByItsTypeAndName() {
        byte[] text = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertInvalid(frame(TYPE_FORWARD_POST, body().i64(1).str("r").str("a").i32(text.length).raw(Arrays.copyOf(text, 3)).bytes()),
                "ForwardPost: string field text is truncated");
        assertInvalid(frame(TYPE_FORWARD_POST, body().i64(1).str("r").str("a").str("t").bytes()),
                "ForwardPost: boolean field alert is truncated");
        assertInvalid(frame(TYPE_HELLO, body().raw(bytes(0, 0, 1)).bytes()),
                "Hello: int field version is truncated");
        assertInvalid(frame(TYPE_POST_RESULT, body().i64(1).bytes()),
                "PostResult: enum field status is truncated");
        assertInvalid(frame(TYPE_DELIVER, body().str("r").i64(1).i64(0).raw(bytes(0, 0)).bytes()),
                "Deliver: timestamp field ts is truncated");
        assertInvalid(frame(TYPE_ACQUIRE, body().raw(new byte[7]).bytes()),
                "Acquire: long field requestId is truncated");
    }

    @Test
    void aStringLengthBeyondTheBodyIsATruncatedString() {
        assertInvalid(frame(TYPE_ACQUIRE, body().i64(1).i32(Integer.MAX_VALUE).raw(bytes('r')).bytes()),
                "Acquire: string field roomId is truncated");
    }

    // ---- bytes left over ----------------------------------------------------------------------

    static Stream<LinkFrame> oneOfEachType() {
        return SampleFrames.oneOfEachType().stream();
    }

    @ParameterizedTest
    @MethodSource("oneOfEachType")
    void aBodyWithBytesLeftOverAfterItsLastFieldIsInvalid(LinkFrame frame) {
        String name = frame.getClass().getSimpleName();
        String expected = frame instanceof Ping
                ? "Ping: 1 byte in a body that must be empty"
                : name + ": 1 byte left over after the last field";
        assertInvalid(frame(LinkFrames.typeOf(frame), concat(bodyOf(frame), bytes(0))), expected);
    }

    @Test
    void theLeftOverBytesAreCounted() {
        assertInvalid(frame(TYPE_PING, new byte[3]), "Ping: 3 bytes in a body that must be empty");
        assertInvalid(frame(TYPE_ACQUIRE, concat(bodyOf(NEXT), new byte[40])),
                "Acquire: 40 bytes left over after the last field");
    }

    // ---- booleans and enums -------------------------------------------------------------------

    @Test
    void aBooleanOtherThanZeroOrOneIsInvalid() {
        assertInvalid(frame(TYPE_FORWARD_POST, body().i64(1).str("r").str("a").str("t").u8(2).str(null).bytes()),
                "ForwardPost: boolean field alert has value 2 (must be 0 or 1)");
        assertInvalid(frame(TYPE_DELIVER, body().str("r").i64(1).i64(0).i32(0).str("a").str("t").u8(0xff).str(null).bytes()),
                "Deliver: boolean field alert has value 255 (must be 0 or 1)");
        assertInvalid(frame(TYPE_PRESENCE, body().str("r").str("u").u8(3).bool(true).bool(true).bytes()),
                "Presence: boolean field joined has value 3 (must be 0 or 1)");
        assertInvalid(frame(TYPE_PRESENCE, body().str("r").str("u").bool(true).u8(0x80).bool(true).bytes()),
                "Presence: boolean field manager has value 128 (must be 0 or 1)");
        assertInvalid(frame(TYPE_PRESENCE, body().str("r").str("u").bool(false).bool(false).u8(2).bytes()),
                "Presence: boolean field viaBjoin has value 2 (must be 0 or 1)");
        assertInvalid(frame(TYPE_ACQUIRE_RESULT, body().i64(1).str("r").u8(7).bytes()),
                "AcquireResult: boolean field granted has value 7 (must be 0 or 1)");
    }

    @Test
    void anEnumOrdinalOutOfRangeIsInvalid() {
        for (int ordinal : new int[] {5, 255}) {
            assertInvalid(frame(TYPE_POST_RESULT, body().i64(1).u8(ordinal).i64(0).str("").bytes()),
                    "PostResult: enum field status has value " + ordinal + ", which is not a PostStatus (0..4)");
        }
    }

    // ---- strings ------------------------------------------------------------------------------

    @Test
    void malformedUtf8IsInvalidNotReplaced() {
        byte[][] malformed = {
                bytes(0xc3, 0x28),             // a two-byte lead followed by ASCII
                bytes('a', 0x80, 'b'),         // a lone continuation byte
                bytes(0xc0, 0xaf),             // an overlong '/'
                bytes(0xed, 0xa0, 0x80),       // a UTF-16 surrogate encoded as UTF-8
                bytes(0xf4, 0x90, 0x80, 0x80), // above U+10FFFF
                bytes(0xe6, 0x9d),             // a three-byte character cut short
                bytes(0xff)};
        for (byte[] bad : malformed) {
            assertInvalid(frame(TYPE_ACQUIRE, body().i64(1).utf8(bad).bytes()),
                    "Acquire: string field roomId is not valid UTF-8");
        }
        assertInvalid(frame(TYPE_FORWARD_POST, body().i64(1).str("r").str("a").utf8(bytes(0xfe)).bool(false).str(null).bytes()),
                "ForwardPost: string field text is not valid UTF-8");
        assertInvalid(frame(TYPE_DELIVER, body().str("r").i64(1).i64(0).i32(0).str("a").str("t").bool(false).utf8(bytes(0x80)).bytes()),
                "Deliver: string field storyTitle is not valid UTF-8");
    }

    @Test
    void nullIsInvalidInEveryStringFieldThatMayNotBeNull() {
        assertInvalid(frame(TYPE_HELLO, body().i32(1).str(null).str("d").i64(0).bytes()),
                "Hello: string field nodeId is null, which it may not be");
        assertInvalid(frame(TYPE_HELLO, body().i32(1).str("n").str(null).i64(0).bytes()),
                "Hello: string field dataCenter is null, which it may not be");
        assertInvalid(frame(TYPE_FORWARD_POST, body().i64(1).str(null).str("a").str("t").bool(false).str(null).bytes()),
                "ForwardPost: string field roomId is null, which it may not be");
        assertInvalid(frame(TYPE_FORWARD_POST, body().i64(1).str("r").str(null).str("t").bool(false).str(null).bytes()),
                "ForwardPost: string field author is null, which it may not be");
        assertInvalid(frame(TYPE_FORWARD_POST, body().i64(1).str("r").str("a").str(null).bool(false).str(null).bytes()),
                "ForwardPost: string field text is null, which it may not be");
        assertInvalid(frame(TYPE_POST_RESULT, body().i64(1).u8(1).i64(0).str(null).bytes()),
                "PostResult: string field reason is null, which it may not be");
        assertInvalid(frame(TYPE_DELIVER, body().str(null).i64(1).i64(0).i32(0).str("a").str("t").bool(false).str(null).bytes()),
                "Deliver: string field roomId is null, which it may not be");
        assertInvalid(frame(TYPE_DELIVER, body().str("r").i64(1).i64(0).i32(0).str(null).str("t").bool(false).str(null).bytes()),
                "Deliver: string field author is null, which it may not be");
        assertInvalid(frame(TYPE_DELIVER, body().str("r").i64(1).i64(0).i32(0).str("a").str(null).bool(false).str(null).bytes()),
                "Deliver: string field text is null, which it may not be");
        assertInvalid(frame(TYPE_PRESENCE, body().str(null).str("u").bool(true).bool(false).bool(false).bytes()),
                "Presence: string field roomId is null, which it may not be");
        assertInvalid(frame(TYPE_PRESENCE, body().str("r").str(null).bool(true).bool(false).bool(false).bytes()),
                "Presence: string field user is null, which it may not be");
        assertInvalid(frame(TYPE_ACQUIRE, body().i64(1).str(null).bytes()),
                "Acquire: string field roomId is null, which it may not be");
        assertInvalid(frame(TYPE_ACQUIRE_RESULT, body().i64(1).str(null).bool(true).bytes()),
                "AcquireResult: string field roomId is null, which it may not be");
    }

    @Test
    void nullIsFineWhereAFieldMayBeNull() {
        assertThat(decoder.feed(frame(TYPE_FORWARD_POST, body().i64(1).str("r").str("a").str("t").bool(false).str(null).bytes())))
                .containsExactly(new ForwardPost(1, "r", "a", "t", false, null));
    }

    @Test
    void aNegativeStringLengthOtherThanMinusOneIsInvalid() {
        assertInvalid(frame(TYPE_ACQUIRE, body().i64(1).i32(-2).bytes()),
                "Acquire: string field roomId has a negative length of -2");
        assertInvalid(frame(TYPE_ACQUIRE, body().i64(1).i32(Integer.MIN_VALUE).bytes()),
                "Acquire: string field roomId has a negative length of -2147483648");
    }

    // ---- values the records refuse ------------------------------------------------------------

    @Test
    void aDeliverWithoutAPositiveMsgidIsInvalid() {
        for (long msgid : new long[] {0, -1, Long.MIN_VALUE}) {
            assertInvalid(frame(TYPE_DELIVER, body().str("r").i64(msgid).i64(0).i32(0).str("a").str("t").bool(false).str(null).bytes()),
                    "Deliver: msgid must be at least 1, was " + msgid);
        }
    }

    @Test
    void aPostResultWhoseMsgidDisagreesWithItsStatusIsInvalid() {
        assertInvalid(frame(TYPE_POST_RESULT, body().i64(1).u8(0).i64(0).str("").bytes()),
                "PostResult: msgid must be at least 1 when the status is OK, was 0");
        assertInvalid(frame(TYPE_POST_RESULT, body().i64(1).u8(1).i64(17).str("").bytes()),
                "PostResult: msgid must be 0 when the status is NOT_OWNER, was 17");
    }

    @Test
    void nanosecondsOutsideASecondAreInvalid() {
        for (int nanos : new int[] {1_000_000_000, -1, Integer.MIN_VALUE}) {
            assertInvalid(frame(TYPE_DELIVER, body().str("r").i64(1).i64(0).i32(nanos).str("a").str("t").bool(false).str(null).bytes()),
                    "Deliver: timestamp field ts has nanoseconds " + nanos + " (must be 0..999999999)");
        }
    }

    @Test
    void epochSecondsBeyondTheRangeOfAnInstantAreInvalid() {
        assertInvalid(frame(TYPE_DELIVER, body().str("r").i64(1).i64(Long.MAX_VALUE).i32(0).str("a").str("t").bool(false).str(null).bytes()),
                "Deliver: timestamp field ts has epoch seconds 9223372036854775807, outside the range of an Instant");
        assertInvalid(frame(TYPE_DELIVER, body().str("r").i64(1).i64(Long.MIN_VALUE).i32(0).str("a").str("t").bool(false).str(null).bytes()),
                "Deliver: timestamp field ts has epoch seconds -9223372036854775808, outside the range of an Instant");
    }

    // ---- decodeBody on its own ----------------------------------------------------------------

    @Test
    void decodeBodyChecksTheVersionBeforeTheType() {
        assertThat(LinkFrames.decodeBody(3, 99, Unpooled.EMPTY_BUFFER))
                .isEqualTo(new InvalidFrame("frame version 3 is not supported (this node reads version 1)", false));
        assertThat(LinkFrames.decodeBody(1, 99, Unpooled.EMPTY_BUFFER))
                .isEqualTo(new InvalidFrame("frame type 99 is unknown", false));
        assertThat(LinkFrames.decodeBody(1, TYPE_PING, Unpooled.EMPTY_BUFFER)).isSameAs(Ping.INSTANCE);
    }

    @Test
    void decodeBodyConsumesTheBody() {
        var body = Unpooled.wrappedBuffer(bodyOf(NEXT));
        assertThat(LinkFrames.decodeBody(1, TYPE_ACQUIRE, body)).isEqualTo(NEXT);
        assertThat(body.isReadable()).isFalse();
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The frame is reported with exactly this reason, framing is kept, and a good frame after it decodes. */
    private void assertInvalid(byte[] frame, String reason) {
        assertThat(decoder.feed(concat(frame, encode(NEXT))))
                .as(reason)
                .containsExactly(new InvalidFrame(reason, false), NEXT);
    }
}
