package io.pchat.server.sip;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * SIP message tracing for chosen users ({@code sip.traceUsers}): once a connection carries a
 * message naming one of them, every byte it reads and writes from then on is logged as text at
 * INFO on the logger {@code io.pchat.sip.trace}. Installed only when users are to be traced, so
 * other nodes pay nothing; a traced connection pays a copy of its bytes per message.
 *
 * <p>Not sharable: one per connection, confined to its event loop.
 */
final class SipTrace extends ChannelDuplexHandler {
    static final Logger log = LoggerFactory.getLogger("io.pchat.sip.trace");

    private final Set<String> users;
    private boolean traced;

    /** @param users lower-cased {@code sip:user@host} URIs to trace */
    SipTrace(Set<String> users) {
        this.users = users;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            String text = buf.toString(buf.readerIndex(), buf.readableBytes(), StandardCharsets.UTF_8);
            if (!traced) {
                String lower = text.toLowerCase(Locale.ROOT);
                for (String user : users) {
                    if (lower.contains(user)) {
                        traced = true;
                        log.info("tracing {} (names {})", ctx.channel().remoteAddress(), user);
                        break;
                    }
                }
            }
            if (traced) {
                log.info("{} <<<\n{}", ctx.channel().remoteAddress(), text);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (traced && msg instanceof ByteBuf buf && buf.isReadable()) {
            log.info("{} >>>\n{}", ctx.channel().remoteAddress(),
                    buf.toString(buf.readerIndex(), buf.readableBytes(), StandardCharsets.UTF_8));
        }
        ctx.write(msg, promise);
    }
}
