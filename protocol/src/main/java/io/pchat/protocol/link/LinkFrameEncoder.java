package io.pchat.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link LinkFrame}s to a node link, in the current {@link LinkFormat#VERSION}, by
 * {@link LinkFrames#encode(LinkFrame, ByteBuf, int)}.
 *
 * <p>Invariant of the output: only whole, valid frames whose length field is at most the
 * configured limit. An {@link InvalidFrame} or an oversized frame fails its own write (an {@code
 * EncoderException} caused by an {@code IllegalArgumentException}) and writes nothing, so the link
 * stays usable. Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class LinkFrameEncoder extends MessageToByteEncoder<LinkFrame> {

    private final int maxFrameBytes;

    /** An encoder refusing frames over {@link LinkFormat#DEFAULT_MAX_FRAME_BYTES}, the peers' default limit. */
    public LinkFrameEncoder() {
        this(LinkFormat.DEFAULT_MAX_FRAME_BYTES);
    }

    /** An encoder refusing frames whose length field would exceed {@code maxFrameBytes}. */
    public LinkFrameEncoder(int maxFrameBytes) {
        super(LinkFrame.class);
        if (maxFrameBytes < LinkFormat.MIN_FRAME_LENGTH) {
            throw new IllegalArgumentException(
                    "maxFrameBytes must be at least " + LinkFormat.MIN_FRAME_LENGTH + ": " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, LinkFrame frame, ByteBuf out) {
        LinkFrames.encode(frame, out, maxFrameBytes);
    }
}
