package io.pchat.server.sip;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * The hard cap of bytes queued to one connection: a write that takes the connection's queue past
 * {@code sip.maxOutboundBytes} closes it at once. It sits next to the socket, so it counts the
 * bytes that really wait for the peer (encrypted ones under TLS), whoever wrote them: answers,
 * node INFOs, keep-alive answers.
 *
 * <p>Why a cap besides the high-water mark: the mark stops reading from the peer (back-pressure),
 * but the node also writes on its own (fan-out to a client that never reads); without a cap, one
 * such peer could hold any amount of the node's memory until the stall limit.
 */
final class OutboundLimit extends ChannelOutboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(OutboundLimit.class);

    private final long maxBytes;
    private boolean closing;

    OutboundLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Bytes written to {@code channel} and not yet taken by the socket. */
    static long queuedBytes(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        if (!closing && queuedBytes(ctx.channel()) > maxBytes) {
            closing = true;
            log.info("closing {}: {} bytes queued to a peer that does not read, over sip.maxOutboundBytes ({})",
                    ctx.channel(), queuedBytes(ctx.channel()), maxBytes);
            ctx.close();
        }
    }
}
