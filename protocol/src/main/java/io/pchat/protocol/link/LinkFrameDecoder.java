package io.pchat.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Cuts a node-link byte stream into {@link LinkFrame}s: {@code int32 length | u8 version | u8 type
 * | body}, the length counting every byte after itself.
 *
 * <p>Errors never throw into the pipeline; they become {@link InvalidFrame}s of two kinds:
 * <ul>
 *   <li>A length below {@link LinkFormat#MIN_FRAME_LENGTH} or above the limit: the next frame's
 *       start is unknowable (and a huge length must not be buffered), so framing is lost. One
 *       {@code InvalidFrame(.., true)} is emitted and all further input is discarded; the
 *       connection owner closes.</li>
 *   <li>A sound length around a bad version, an unknown type or a malformed body: that frame alone
 *       is reported, {@code InvalidFrame(.., false)}, and decoding goes on with the next one.</li>
 * </ul>
 * If the channel closes in the middle of a frame, one {@code InvalidFrame(.., true)} says so.
 *
 * <p>Buffering is bounded by the limit. Frames hold no buffers: strings are copied out of the
 * cumulation, so nothing needs releasing downstream.
 *
 * <p>Invariant: in {@code READ_LENGTH} the reader index is at the start of a frame; in {@code
 * READ_FRAME} it is just past a length field holding {@code frameLength}, which is within
 * {@code 2..maxFrameBytes}. Not sharable: one instance per connection.
 */
public final class LinkFrameDecoder extends ByteToMessageDecoder {

    private enum State {
        /** Waiting for the four bytes of a length field. */
        READ_LENGTH,
        /** Length accepted; waiting for that many bytes of version, type and body. */
        READ_FRAME,
        /** Framing lost: everything is discarded. */
        BROKEN
    }

    private final int maxFrameBytes;

    private State state = State.READ_LENGTH;
    private int frameLength;

    /** A decoder accepting frames up to {@link LinkFormat#DEFAULT_MAX_FRAME_BYTES}. */
    public LinkFrameDecoder() {
        this(LinkFormat.DEFAULT_MAX_FRAME_BYTES);
    }

    /**
     * A decoder accepting frames whose length field is at most {@code maxFrameBytes}.
     *
     * @throws IllegalArgumentException if {@code maxFrameBytes} is below {@link LinkFormat#MIN_FRAME_LENGTH}
     */
    public LinkFrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < LinkFormat.MIN_FRAME_LENGTH) {
            throw new IllegalArgumentException(
                    "maxFrameBytes must be at least " + LinkFormat.MIN_FRAME_LENGTH + ": " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // At most one frame per call; ByteToMessageDecoder calls again while input is consumed.
        if (state == State.READ_LENGTH) {
            readLength(in, out);
        }
        if (state == State.READ_FRAME) {
            readFrame(in, out);
        }
        if (state == State.BROKEN) {
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // Whole frames were already taken by decode(); what is left is unfinished.
        if (state == State.READ_FRAME) {
            out.add(new InvalidFrame("connection closed after " + in.readableBytes() + " of the " + frameLength
                    + " bytes of a frame", true));
            state = State.BROKEN;
        } else if (state == State.READ_LENGTH && in.isReadable()) {
            out.add(new InvalidFrame("connection closed after " + in.readableBytes() + " of the "
                    + LinkFormat.LENGTH_FIELD_BYTES + " bytes of a length field", true));
            state = State.BROKEN;
        }
        in.skipBytes(in.readableBytes());
    }

    private void readLength(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < LinkFormat.LENGTH_FIELD_BYTES) {
            return;
        }
        int length = in.readInt();
        if (length < LinkFormat.MIN_FRAME_LENGTH) {
            loseFraming(out, "frame length " + length + " is below the minimum of " + LinkFormat.MIN_FRAME_LENGTH);
        } else if (length > maxFrameBytes) {
            loseFraming(out, "frame length " + length + " exceeds the limit of " + maxFrameBytes + " bytes");
        } else {
            frameLength = length;
            state = State.READ_FRAME;
        }
    }

    private void readFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < frameLength) {
            return;
        }
        int version = in.readUnsignedByte();
        int type = in.readUnsignedByte();
        // An unretained slice is enough: decodeBody copies what it keeps before we return.
        ByteBuf body = in.readSlice(frameLength - 2);
        out.add(LinkFrames.decodeBody(version, type, body));
        state = State.READ_LENGTH;
    }

    private void loseFraming(List<Object> out, String reason) {
        out.add(new InvalidFrame(reason, true));
        state = State.BROKEN;
    }
}
