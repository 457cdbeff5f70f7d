package io.pchat.server.net;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Time limits of one HTTP connection, after the HTTP codec: a connection waiting for a request
 * head (just opened, or its previous answer sent) is closed when none is complete within
 * {@code headTimeout}, however many bytes trickle in; once a head is in, its body must arrive at
 * {@code minBodyBytesPerSecond} on average after a grace of {@code headTimeout}. While the node
 * itself has stopped reading (an upload whose token is being checked), or is answering, no limit
 * runs. A byte now and then can therefore never keep a connection (and its descriptor) for ever.
 *
 * <p>Invariant: confined to the channel's event loop; one timer per connection, cancelled on close.
 */
final class HttpDeadlines extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(HttpDeadlines.class);
    private static final long TICK_MILLIS = 250;

    private enum State { AWAITING_HEAD, RECEIVING_BODY, ANSWERING }

    private final long headTimeoutNanos;
    private final long minBodyBytesPerSecond;
    private State state = State.AWAITING_HEAD;
    private long since;
    private long bodyBytes;
    private ScheduledFuture<?> timer;

    HttpDeadlines(HttpLimits limits) {
        this.headTimeoutNanos = limits.headTimeout().toNanos();
        this.minBodyBytesPerSecond = limits.minBodyBytesPerSecond();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        since = System.nanoTime();
        timer = ctx.executor().scheduleAtFixedRate(() -> check(ctx), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            state = State.RECEIVING_BODY;
            since = System.nanoTime();
            bodyBytes = 0;
        }
        if (msg instanceof HttpContent content) {
            bodyBytes += content.content().readableBytes();
            if (msg instanceof LastHttpContent) {
                state = State.ANSWERING;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse && state == State.RECEIVING_BODY) {
            state = State.ANSWERING; // answered before the body ended (a refusal): the rest is not waited for
        }
        boolean last = msg instanceof LastHttpContent;
        ctx.write(msg, promise);
        if (last) {
            state = State.AWAITING_HEAD;
            since = System.nanoTime();
        }
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive() || !ctx.channel().config().isAutoRead()) {
            // the node itself is not reading: the clock starts again when it reads
            since = System.nanoTime();
            bodyBytes = 0;
            return;
        }
        long elapsed = System.nanoTime() - since;
        if (state == State.AWAITING_HEAD && elapsed > headTimeoutNanos) {
            log.debug("closing {}: no complete request head within {} ms", ctx.channel(), headTimeoutNanos / 1_000_000);
            ctx.close();
        } else if (state == State.RECEIVING_BODY && elapsed > headTimeoutNanos
                && bodyBytes < minBodyBytesPerSecond * (elapsed / 1_000_000_000L)) {
            log.debug("closing {}: body at {} bytes in {} ms, under {} bytes/s", ctx.channel(), bodyBytes,
                    elapsed / 1_000_000, minBodyBytesPerSecond);
            ctx.close();
        }
    }
}
