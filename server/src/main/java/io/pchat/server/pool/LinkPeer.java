package io.pchat.server.pool;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.pchat.client.NettyTransport;
import io.pchat.protocol.link.Acquire;
import io.pchat.protocol.link.AcquireResult;
import io.pchat.protocol.link.Deliver;
import io.pchat.protocol.link.ForwardPost;
import io.pchat.protocol.link.Hello;
import io.pchat.protocol.link.InvalidFrame;
import io.pchat.protocol.link.LinkFormat;
import io.pchat.protocol.link.LinkFrame;
import io.pchat.protocol.link.MirrorCheck;
import io.pchat.protocol.link.MirrorCheckResult;
import io.pchat.protocol.link.PostResult;

/**
 * This node's connection to one other member: dialled at start and redialled every half second
 * while it is down. Requests wait for their answer by request id; when the connection drops,
 * every waiting request fails with {@link LinkLostException} (its outcome is unknown), while a
 * request made with no connection fails with {@link NotConnectedException} (it was not sent).
 */
public final class LinkPeer {
    private static final Logger log = LoggerFactory.getLogger(LinkPeer.class);
    static final long REQUEST_TIMEOUT_MILLIS = 5_000;

    /** The request was not sent: no connection to the peer. Safe to retry elsewhere or later. */
    public static final class NotConnectedException extends RoomUnavailableException {
        private static final long serialVersionUID = 1L;

        NotConnectedException(String peer) {
            super("no node link to " + peer);
        }
    }

    /** The request was sent but no answer came (connection lost or timeout): its outcome is unknown. */
    public static final class LinkLostException extends RoomUnavailableException {
        private static final long serialVersionUID = 1L;

        LinkLostException(String message) {
            super(message);
        }
    }

    private final PoolMember member;
    private final EventLoopGroup group;
    private final NettyTransport transport;
    private final NodeLink link;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Map<Long, CompletableFuture<LinkFrame>> waiting = new ConcurrentHashMap<>();
    private volatile Channel channel; // set once the peer answered Hello
    private volatile boolean closed;

    LinkPeer(PoolMember member, EventLoopGroup group, NettyTransport transport, NodeLink link) {
        this.member = member;
        this.group = group;
        this.transport = transport;
        this.link = link;
    }

    public PoolMember member() {
        return member;
    }

    public boolean connected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** Forwards a post to this peer (the room's owner); completes with its answer. */
    public CompletableFuture<PostResult> forward(ForwardPost post) {
        return request(post.requestId(), post).thenApply(f -> (PostResult) f);
    }

    public long nextRequestId() {
        return ids.incrementAndGet();
    }

    /** Asks this peer to give up a room; completes with whether it granted. */
    public CompletableFuture<Boolean> acquire(String roomId) {
        long id = nextRequestId();
        return request(id, new Acquire(id, roomId)).thenApply(f -> ((AcquireResult) f).granted());
    }

    /**
     * Writes a one-way frame (a fan-out copy, presence) without flushing; false when not
     * connected. A fan-out copy to a peer that does not keep up (its connection over the write
     * buffer's high-water mark) is dropped and counted: the peer's clients read it from the
     * history when they see the msgid gap, and the node's memory stays bounded.
     */
    public boolean write(LinkFrame frame) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return false;
        }
        if (frame instanceof Deliver && !ch.isWritable()) {
            if (dropped.getAndIncrement() % 1000 == 0) {
                log.warn("node link to {} is not keeping up: fan-out copies dropped ({} so far)", member.id(), dropped.get());
            }
            return false;
        }
        ch.write(frame, ch.voidPromise());
        return true;
    }

    /** Asks this peer whether everything it acknowledged is on the mirror. */
    public CompletableFuture<Boolean> mirrorCheck() {
        long id = nextRequestId();
        return request(id, new MirrorCheck(id))
                .thenApply(f -> ((MirrorCheckResult) f).inSync());
    }

    /** Fan-out copies dropped because the peer did not keep up. */
    public long droppedCopies() {
        return dropped.get();
    }

    public void flush() {
        Channel ch = channel;
        if (ch != null) {
            ch.flush();
        }
    }

    private CompletableFuture<LinkFrame> request(long id, LinkFrame frame) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return CompletableFuture.failedFuture(new NotConnectedException(member.id()));
        }
        CompletableFuture<LinkFrame> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        ch.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                fail(id, new LinkLostException("node link to " + member.id() + " failed while sending"));
            }
        });
        ch.eventLoop().schedule(() -> fail(id, new LinkLostException("no answer from " + member.id() + " within "
                + REQUEST_TIMEOUT_MILLIS + " ms")), REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        return answer;
    }

    private void fail(long id, RuntimeException e) {
        CompletableFuture<LinkFrame> f = waiting.remove(id);
        if (f != null) {
            f.completeExceptionally(e);
        }
    }

    void dial() {
        if (closed || !link.running()) {
            return;
        }
        Bootstrap b = new Bootstrap().group(group).channel(transport.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
                // Room for bursts of fan-out copies; beyond it the peer counts as not keeping up (see write).
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(4 << 20, 8 << 20))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        link.track(ch);
                        NodeLink.pipeline(ch, link.clientTls(), new Outbound());
                    }
                });
        b.connect(member.link().getHostString(), member.link().getPort()).addListener(f -> {
            if (!f.isSuccess()) {
                redial();
            } else {
                Channel ch = ((ChannelFuture) f).channel();
                ch.writeAndFlush(link.hello());
                ch.closeFuture().addListener(c -> redial());
            }
        });
    }

    private void redial() {
        if (!closed && link.running()) {
            group.schedule(this::dial, 500, TimeUnit.MILLISECONDS);
        }
    }

    void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /** This node's side of the connection it dialled: the peer's Hello, then answers to requests. */
    private final class Outbound extends SimpleChannelInboundHandler<LinkFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, LinkFrame frame) {
            if (frame instanceof Hello hello) {
                if (hello.version() < LinkFormat.VERSION || !hello.nodeId().equals(member.id())) {
                    log.warn("node link: {} answered as '{}' version {}: closing", member.link(), hello.nodeId(),
                            hello.version());
                    ctx.close();
                    return;
                }
                Optional<String> mismatch = LinkIdentity.mismatch(ctx.channel(), member.id());
                if (mismatch.isPresent()) {
                    log.warn("node link: {} answered as '{}' but {}: closing", member.link(), member.id(), mismatch.get());
                    ctx.close();
                    return;
                }
                channel = ctx.channel();
                log.info("node link: connected to {} ({})", member.id(), member.link());
                link.frames().dialled(member.id());
            } else if (frame instanceof PostResult result) {
                complete(result.requestId(), result);
            } else if (frame instanceof AcquireResult result) {
                complete(result.requestId(), result);
            } else if (frame instanceof MirrorCheckResult result) {
                complete(result.requestId(), result);
            } else if (frame instanceof InvalidFrame invalid) {
                log.warn("node link: bad frame from {}: {}", member.id(), invalid.reason());
                if (invalid.framingLost()) {
                    ctx.close();
                }
            }
        }

        private void complete(long id, LinkFrame answer) {
            CompletableFuture<LinkFrame> f = waiting.remove(id);
            if (f != null) {
                f.complete(answer);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (!NodeLink.onIdle(ctx, evt)) {
                super.userEventTriggered(ctx, evt);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (channel == ctx.channel()) {
                channel = null;
                log.info("node link: connection to {} lost", member.id());
            }
            for (Long id : waiting.keySet()) {
                fail(id, new LinkLostException("node link to " + member.id() + " lost before the answer"));
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("node link to {} failed: {}", member.id(), cause.toString());
            ctx.close();
        }
    }

}
