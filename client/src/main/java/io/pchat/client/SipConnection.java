package io.pchat.client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.pchat.protocol.concurrent.EventLoopTasks;
import io.pchat.protocol.sip.InfoRequest;
import io.pchat.protocol.sip.SipFrame;
import io.pchat.protocol.sip.SipFrameDecoder;
import io.pchat.protocol.sip.SipMessageEncoder;
import io.pchat.protocol.sip.SipMessageParser;
import io.pchat.protocol.sip.SipParseResult;
import io.pchat.protocol.sip.SipResponseBuilder;

/**
 * One TCP connection to a node, at the SIP transaction level: it sends requests and matches their
 * final responses (by Call-ID, CSeq number and method), answers CRLF keep-alives, and hands
 * incoming requests to whoever owns the dialog.
 *
 * <p>Invariants: the map of waiting requests is touched only on the channel's event loop; every
 * waiting future completes exactly once: with the final response, a timeout, or
 * {@link ConnectionLostException} when the channel closes. Provisional (1xx) responses are
 * ignored. Incoming requests reach the handler in wire order, on the event loop; those that come
 * before a handler is set (at most {@value #MAX_HELD}) are held and handed over when it is.
 *
 * <p>The delivery path: a plain in-dialog INFO (one per message delivered) is read by
 * {@link InfoRequest#scan} instead of JAIN-SIP once an INFO handler is set, and answered with
 * bytes built from its own header lines; answers written while a read is handled are flushed once
 * when the read completes. Anything the scan does not take goes through the full parser as before.
 */
final class SipConnection {

    private static final Logger log = LoggerFactory.getLogger(SipConnection.class);
    private static final int MAX_HELD = 64;
    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private record Waiting(CompletableFuture<SIPResponse> future, ScheduledFuture<?> timeout) {
    }

    private final Channel channel;
    private final Map<String, Waiting> waiting = new HashMap<>();
    /** Requests that came before anyone owned the dialog (a node INFO right after its 200). */
    private final ArrayDeque<SIPRequest> held = new ArrayDeque<>();
    private Consumer<SIPRequest> requestHandler;
    private BiConsumer<InfoRequest, byte[]> infoHandler;
    /** Answers written during the read being handled, flushed when it completes. */
    private boolean unflushed;
    private volatile String closeReason = "connection lost";

    private SipConnection(Channel channel) {
        this.channel = channel;
        channel.closeFuture().addListener(f -> failAll(new ConnectionLostException(closeReason)));
    }

    /** Connects to {@code host:port}, from {@code localAddress} if given. */
    static CompletableFuture<SipConnection> open(EventLoopGroup group, String host, int port, String localAddress,
            Duration connectTimeout, SslContext tls) {
        CompletableFuture<SipConnection> opened = new CompletableFuture<>();
        Inbound inbound = new Inbound();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NettyTransport.of(group).clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast(new SipFrameDecoder(), new SipMessageEncoder(), inbound);
                    }
                });
        InetSocketAddress remote = new InetSocketAddress(host, port);
        ChannelFuture connect = localAddress == null
                ? bootstrap.connect(remote)
                : bootstrap.connect(remote, new InetSocketAddress(localAddress, 0));
        connect.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                SipConnection connection = new SipConnection(f.channel());
                inbound.connection = connection;
                opened.complete(connection);
            } else {
                opened.completeExceptionally(f.cause());
            }
        });
        return opened;
    }

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    boolean isOpen() {
        return channel.isActive();
    }

    /** Who gets incoming requests from now on, starting with those held; any thread. */
    void onRequest(Consumer<SIPRequest> handler) {
        execute(() -> {
            this.requestHandler = handler;
            while (!held.isEmpty()) {
                deliver(held.poll());
            }
        });
    }

    /**
     * Who gets plain in-dialog INFOs from now on, read by the fast scan, with their body; set it
     * after {@link #onRequest} (INFOs before it go to the request handler). Any thread.
     */
    void onInfo(BiConsumer<InfoRequest, byte[]> handler) {
        execute(() -> this.infoHandler = handler);
    }

    /**
     * Answers an INFO read by the fast scan: only while that read is handled (the INFO handler
     * answers at once), so the answer is written now and flushed when the read completes.
     */
    void respond(InfoRequest request, int status, String reason) {
        ByteBuf answer = channel.alloc().directBuffer();
        answer.writeBytes(request.answer(status, reason));
        channel.write(answer, channel.voidPromise());
        unflushed = true;
    }

    /** Runs {@code task} on the event loop: at once if already there; refused if the loop is gone. */
    void execute(Runnable task) {
        if (!EventLoopTasks.runOrDrop(channel.eventLoop(), task)) {
            throw new RejectedExecutionException("the event loop of " + channel + " is shut down");
        }
    }

    /**
     * Sends {@code request} and completes with its final response, or with a
     * {@link TimeoutException} after {@code timeout}. Any thread; the request is built by the
     * caller, so callers that number requests must do so on the event loop.
     */
    CompletableFuture<SIPResponse> send(OutgoingRequest request, Duration timeout) {
        CompletableFuture<SIPResponse> response = new CompletableFuture<>();
        execute(() -> {
            if (!channel.isActive()) {
                response.completeExceptionally(new ConnectionLostException(closeReason));
                return;
            }
            String key = request.transactionKey();
            ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
                Waiting w = waiting.remove(key);
                if (w != null) {
                    w.future().completeExceptionally(new TimeoutException(
                            "no final response to " + request.method() + " CSeq " + request.cseq() + " within " + timeout));
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            waiting.put(key, new Waiting(response, timer));
            channel.writeAndFlush(Unpooled.wrappedBuffer(request.wire()));
        });
        return response;
    }

    /** Sends a request that has no response (ACK). */
    void sendWithoutResponse(OutgoingRequest request) {
        execute(() -> channel.writeAndFlush(Unpooled.wrappedBuffer(request.wire())));
    }

    /** Answers an incoming request. */
    void respond(SIPRequest request, int status) {
        write(SipResponseBuilder.answering(request, status).build());
    }

    void write(SIPMessage message) {
        execute(() -> channel.writeAndFlush(message));
    }

    /** Closes the connection; waiting requests fail with {@code reason}. Returns the close future. */
    ChannelFuture close(String reason) {
        if (!channel.isOpen()) {
            return channel.closeFuture(); // already closed; its event loop may be gone too
        }
        closeReason = reason;
        return channel.close();
    }

    /** Completes when the channel has closed; the reason is the one given to {@link #close}, or loss. */
    CompletableFuture<String> closed() {
        CompletableFuture<String> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> closed.complete(closeReason));
        return closed;
    }

    private void receive(SIPMessage message) {
        if (message instanceof SIPResponse response) {
            String key = OutgoingRequest.transactionKey(response.getCallId().getCallId(),
                    response.getCSeq().getSeqNumber(), response.getCSeq().getMethod());
            if (response.getStatusCode() < 200) {
                return;
            }
            Waiting w = waiting.remove(key);
            if (w == null) {
                log.debug("response to no waiting request: {} {}", response.getStatusCode(), key);
                return;
            }
            w.timeout().cancel(false);
            w.future().complete(response);
        } else if (message instanceof SIPRequest request) {
            if (requestHandler != null) {
                deliver(request);
            } else if (request.getMethod().equals("OPTIONS")) {
                respond(request, 200);
            } else if (held.size() < MAX_HELD) {
                held.add(request);
            } else {
                respond(request, 503);
            }
        }
    }

    private void deliver(SIPRequest request) {
        try {
            requestHandler.accept(request);
        } catch (RuntimeException e) {
            log.warn("handling {} failed", request.getMethod(), e);
        }
    }

    private void failAll(Throwable cause) {
        execute(() -> {
            for (Waiting w : waiting.values()) {
                w.timeout().cancel(false);
                w.future().completeExceptionally(cause);
            }
            waiting.clear();
        });
    }

    /** Frames in, parsed messages to the connection; keep-alives answered; lost framing closes. */
    private static final class Inbound extends ChannelInboundHandlerAdapter {

        private final SipMessageParser parser = new SipMessageParser();
        private volatile SipConnection connection;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            SipConnection c = connection;
            try {
                if (msg instanceof SipFrame.Message frame && c != null && c.infoHandler != null
                        && takenByScan(c, frame)) {
                    return;
                }
                if (msg instanceof SipFrame.Message frame) {
                    SipParseResult result = parser.parse(frame);
                    if (result instanceof SipParseResult.Parsed parsed && connection != null) {
                        connection.receive(parsed.message());
                    } else {
                        log.warn("unparseable SIP message from {}: {}", ctx.channel().remoteAddress(), result);
                    }
                } else if (msg instanceof SipFrame.KeepAlive) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(CRLF));
                } else if (msg instanceof SipFrame.Failed failed && failed.framingLost()) {
                    log.warn("SIP framing lost from {}: {}", ctx.channel().remoteAddress(), failed);
                    if (connection != null) {
                        connection.closeReason = "framing lost: " + failed.reason();
                    }
                    ctx.close();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        /** The delivery path: a plain in-dialog INFO goes to the INFO handler without the full parser. */
        private static boolean takenByScan(SipConnection c, SipFrame.Message frame) {
            InfoRequest info = InfoRequest.scan(frame.headers());
            if (info == null) {
                return false;
            }
            try {
                c.infoHandler.accept(info, frame.bodyBytes());
            } catch (RuntimeException e) {
                log.warn("handling {} failed", info, e);
            }
            return true;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            SipConnection c = connection;
            if (c != null && c.unflushed) {
                c.unflushed = false;
                ctx.flush();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("connection to {} failed", ctx.channel().remoteAddress(), cause);
            if (connection != null) {
                connection.closeReason = "connection lost: " + cause.getMessage();
            }
            ctx.close();
        }
    }
}
