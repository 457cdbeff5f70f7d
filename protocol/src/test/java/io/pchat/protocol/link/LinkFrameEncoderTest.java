package io.pchat.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import org.junit.jupiter.api.Test;

import static io.pchat.protocol.link.LinkWire.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encoder writes only whole, valid frames, and a frame it refuses costs one write, not the link. */
class LinkFrameEncoderTest {

    private static final InvalidFrame INVALID = new InvalidFrame("frame type 9 is unknown", false);

    @Test
    void anInvalidFrameIsNeverEncodedAndNothingIsWritten() {
        ByteBuf out = Unpooled.buffer();
        assertThatThrownBy(() -> LinkFrames.encode(INVALID, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an InvalidFrame is decoder output and is never encoded (frame type 9 is unknown)");
        assertThat(out.writerIndex()).isZero();
        out.release();
    }

    @Test
    void theEncoderFailsTheWriteOfAnInvalidFrameAndTheLinkStaysUsable() {
        EmbeddedChannel channel = new EmbeddedChannel(new LinkFrameEncoder());
        ChannelFuture refused = channel.writeAndFlush(INVALID);
        assertThat(refused.cause()).isInstanceOf(EncoderException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(channel.<Object>readOutbound()).as("nothing reached the wire").isNull();

        assertThat(channel.writeAndFlush(Ping.INSTANCE).isSuccess()).isTrue();
        ByteBuf wire = channel.readOutbound();
        assertThat(readAndRelease(wire)).containsExactly(encode(Ping.INSTANCE));
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aFrameOverTheLimitIsRefusedBeforeItCanBreakThePeersFraming() {
        Acquire big = new Acquire(1, "x".repeat(100));
        int length = encode(big).length - 4;
        EmbeddedChannel channel = new EmbeddedChannel(new LinkFrameEncoder(length - 1));
        ChannelFuture refused = channel.writeAndFlush(big);
        assertThat(refused.cause()).isInstanceOf(EncoderException.class)
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Acquire of " + length + " bytes exceeds the link's frame limit of " + (length - 1) + " bytes");
        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aRefusedFrameLeavesTheBufferAsItWas() {
        ByteBuf out = Unpooled.buffer().writeByte(7);
        assertThatThrownBy(() -> LinkFrames.encode(new Acquire(1, "xyz"), out, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.readableBytes()).isEqualTo(1);
        LinkFrames.encode(new Acquire(1, "xyz"), out, 17);
        assertThat(out.readableBytes()).as("exactly at the limit is fine").isEqualTo(1 + 4 + 17);
        out.release();
    }

    @Test
    void aFrameAtTheDefaultLimitIsAccepted() {
        // Acquire: version, type, requestId and the string's length field take 14 bytes.
        Acquire max = new Acquire(1, "x".repeat(LinkFormat.DEFAULT_MAX_FRAME_BYTES - 14));
        EmbeddedChannel channel = new EmbeddedChannel(new LinkFrameEncoder(), new LinkFrameDecoder());
        assertThat(channel.writeOutbound(max)).isTrue();
        ByteBuf wire = channel.readOutbound();
        assertThat(wire.readableBytes()).isEqualTo(4 + LinkFormat.DEFAULT_MAX_FRAME_BYTES);
        channel.writeInbound(wire);
        assertThat(channel.<LinkFrame>readInbound()).isEqualTo(max);

        ChannelFuture refused = channel.writeAndFlush(new Acquire(1, max.roomId() + "x"));
        assertThat(refused.cause()).isInstanceOf(EncoderException.class);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void theEncoderIsSharableBetweenLinks() {
        assertThat(new LinkFrameEncoder().isSharable()).isTrue();
        assertThat(new LinkFrameDecoder().isSharable()).isFalse();
    }

    @Test
    void theLimitMustLeaveRoomForVersionAndType() {
        assertThatThrownBy(() -> new LinkFrameEncoder(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxFrameBytes must be at least 2: 1");
    }

    private static byte[] readAndRelease(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }
}
