package io.pchat.server.pool;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.pchat.client.NettyTransport;
import io.pchat.lifecycle.AbstractLifeCycle;
import io.pchat.protocol.link.Acquire;
import io.pchat.protocol.link.AcquireResult;
import io.pchat.protocol.link.Deliver;
import io.pchat.protocol.link.ForwardPost;
import io.pchat.protocol.link.Hello;
import io.pchat.protocol.link.InvalidFrame;
import io.pchat.protocol.link.LinkFormat;
import io.pchat.protocol.link.LinkFrame;
import io.pchat.protocol.link.LinkFrameDecoder;
import io.pchat.protocol.link.LinkFrameEncoder;
import io.pchat.protocol.link.MirrorCheck;
import io.pchat.protocol.link.MirrorCheckResult;
import io.pchat.protocol.link.Ping;
import io.pchat.protocol.link.PostResult;
import io.pchat.protocol.link.PostStatus;
import io.pchat.protocol.link.Presence;

/**
 * The node-to-node link (docs/design.md; wire format in docs/link.md): one listening socket, and one
 * outgoing connection to every other member of the pool, redialled while the link runs.
 *
 * <p>Each node sends its requests (forwarded posts, claims), its fan-out copies and its presence
 * on the connection it dialled, and answers a request on the connection the request came in on.
 * The first frame each way is {@link Hello}; a peer that speaks an unknown version, names no
 * member of the pool, or sends a frame that cannot be framed is disconnected. Thread-safety:
 * state is in concurrent maps; frames are handled on the connection's event loop and never block
 * it (the pool layer answers with futures).
 */
public final class NodeLink extends AbstractLifeCycle {
    private static final Logger log = LoggerFactory.getLogger(NodeLink.class);
    private static final int IDLE_PING_SECONDS = 5;
    private static final int IDLE_CLOSE_SECONDS = 20;

    /** What the pool does with what peers send. Called on event loops; must not block. */
    public interface Frames {
        CompletableFuture<PostResult> forwarded(String peer, ForwardPost post);

        CompletableFuture<Boolean> acquire(String peer, String roomId);

        void deliver(String peer, Deliver copy);

        void presence(String peer, Presence presence);

        /** The peer's connection to this node opened (after its Hello) or closed. */
        void peerUp(String peer);

        void peerDown(String peer);

        /** This node's connection to the peer is up: send it everything it should know (presence). */
        void dialled(String peer);

        /** Whether everything this node acknowledged is on the mirror (asked before a peer promotes it). */
        boolean mirrorInSync();
    }

    private final PoolMember self;
    private final PoolSettings settings;
    private final Frames frames;
    private final LongSupplier epoch;
    private final SslContext serverTls;
    private final SslContext clientTls;
    private final Map<String, LinkPeer> peers = new ConcurrentHashMap<>();
    /** Each peer's current connection to this node: only its close means the peer is down. */
    private final Map<String, Inbound> inbound = new ConcurrentHashMap<>();
    private EventLoopGroup group;
    private ChannelGroup channels;
    private Channel server;

    public NodeLink(PoolMember self, PoolSettings settings, Frames frames, LongSupplier epoch,
            SslContext serverTls, SslContext clientTls) {
        this.self = self;
        this.settings = settings;
        this.frames = frames;
        this.epoch = epoch;
        this.serverTls = serverTls;
        this.clientTls = clientTls;
    }

    @Override
    public String name() {
        return "node link";
    }

    @Override
    protected void doStart() throws Exception {
        NettyTransport transport = NettyTransport.best();
        group = transport.newGroup(2, "pchat-link");
        channels = new DefaultChannelGroup("link", GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        pipeline(ch, serverTls, new Inbound());
                    }
                });
        server = bootstrap.bind(settings.linkHost(), settings.linkPort()).sync().channel();
        for (PoolMember m : settings.members()) {
            if (!m.id().equals(self.id())) {
                LinkPeer peer = new LinkPeer(m, group, transport, this);
                peers.put(m.id(), peer);
                peer.dial();
            }
        }
        log.info("node link on {} ({}), dialling {}", server.localAddress(), serverTls == null ? "plain TCP" : "mutual TLS",
                peers.keySet());
    }

    /** The bound address (its port is the real one when configured as 0). */
    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** The peer of that id, or null when it is not a member. */
    public LinkPeer peer(String id) {
        return peers.get(id);
    }

    public List<LinkPeer> peers() {
        return new ArrayList<>(peers.values());
    }

    /** Whether the link is starting or started (peers dial and redial only then), from its one lifecycle state. */
    boolean running() {
        State state = state();
        return state == State.STARTING || state == State.STARTED;
    }

    PoolMember self() {
        return self;
    }

    Frames frames() {
        return frames;
    }

    Hello hello() {
        return new Hello(LinkFormat.VERSION, self.id(), self.dataCenter(), epoch.getAsLong());
    }

    SslContext clientTls() {
        return clientTls;
    }

    void track(Channel ch) {
        channels.add(ch);
    }

    static void pipeline(SocketChannel ch, SslContext tls, ChannelHandler last) {
        if (tls != null) {
            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
        }
        ch.pipeline().addLast("idle", new IdleStateHandler(IDLE_CLOSE_SECONDS, IDLE_PING_SECONDS, 0, TimeUnit.SECONDS))
                .addLast("frames", new LinkFrameDecoder(LinkFormat.DEFAULT_MAX_FRAME_BYTES))
                .addLast("encoder", new LinkFrameEncoder())
                .addLast("link", last);
    }

    /** Pings on write idleness, closes on read idleness (the peer pings too). */
    static boolean onIdle(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(Ping.INSTANCE, ctx.voidPromise());
            } else {
                log.warn("node link {}: nothing heard for {} s, closing", ctx.channel().remoteAddress(), IDLE_CLOSE_SECONDS);
                ctx.close();
            }
            return true;
        }
        return false;
    }

    @Override
    protected void doStop() throws Exception {
        for (LinkPeer peer : peers.values()) {
            peer.close();
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (channels != null) {
            channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** A connection a peer dialled: Hello first, then its requests (answered here), copies and presence. */
    private final class Inbound extends SimpleChannelInboundHandler<LinkFrame> {
        private String peer;
        private volatile Channel channel;
        /** When this connection last read a frame (its liveness, for a competing Hello). */
        private volatile long lastReadNanos = System.nanoTime();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, LinkFrame frame) {
            lastReadNanos = System.nanoTime();
            if (peer == null) {
                if (!(frame instanceof Hello hello)) {
                    log.warn("node link: {} sent {} before Hello: closing", ctx.channel().remoteAddress(),
                            frame instanceof InvalidFrame invalid ? "a bad frame (" + invalid.reason() + ")"
                                    : frame.getClass().getSimpleName());
                    ctx.close();
                    return;
                }
                if (!accept(ctx, hello)) {
                    return;
                }
                Inbound current = inbound.get(hello.nodeId());
                if (current != null && current.isAlive()) {
                    // a second Hello for a member whose connection is alive never replaces it: a forger
                    // cannot cut the real peer off, and the real peer redials only once its old one is dead
                    log.warn("node link: {} says it is '{}', already connected from {} and alive: closing the newcomer",
                            ctx.channel().remoteAddress(), hello.nodeId(),
                            current.channel == null ? "?" : current.channel.remoteAddress());
                    ctx.close();
                    return;
                }
                peer = hello.nodeId();
                Inbound previous = inbound.put(peer, this);
                if (previous != null && previous.channel != null) {
                    previous.channel.close(); // the peer redialled: its old connection is dead or dying
                }
                channel = ctx.channel();
                ctx.writeAndFlush(hello());
                frames.peerUp(peer);
                log.info("node link: {} connected from {}", peer, ctx.channel().remoteAddress());
                return;
            }
            if (frame instanceof ForwardPost post) {
                frames.forwarded(peer, post).whenComplete((result, error) -> ctx.writeAndFlush(error == null ? result
                        : new PostResult(post.requestId(), PostStatus.UNAVAILABLE, 0,
                                String.valueOf(error.getMessage()))));
            } else if (frame instanceof Acquire acquire) {
                frames.acquire(peer, acquire.roomId()).whenComplete((granted, error) -> ctx.writeAndFlush(
                        new AcquireResult(acquire.requestId(), acquire.roomId(), error == null && granted)));
            } else if (frame instanceof MirrorCheck check) {
                ctx.writeAndFlush(new MirrorCheckResult(check.requestId(), frames.mirrorInSync()));
            } else if (frame instanceof Deliver copy) {
                frames.deliver(peer, copy);
            } else if (frame instanceof Presence presence) {
                frames.presence(peer, presence);
            } else if (frame instanceof InvalidFrame invalid) {
                log.warn("node link: bad frame from {}: {}", peer, invalid.reason());
                if (invalid.framingLost()) {
                    ctx.close();
                }
            }
        }

        /** Open, and heard from within the ping interval (a live peer answers pings). */
        private boolean isAlive() {
            Channel c = channel;
            return c != null && c.isActive()
                    && System.nanoTime() - lastReadNanos < TimeUnit.SECONDS.toNanos(IDLE_PING_SECONDS * 2L);
        }

        private boolean accept(ChannelHandlerContext ctx, LinkFrame first) {
            Hello hello = (Hello) first;
            if (hello.version() < LinkFormat.VERSION) {
                // A newer peer speaks this node's version (the lower of the two); an older one is not known here.
                log.warn("node link: {} speaks version {}, this node {} at least: closing", ctx.channel().remoteAddress(),
                        hello.version(), LinkFormat.VERSION);
                ctx.close();
                return false;
            }
            if (!peers.containsKey(hello.nodeId())) {
                log.warn("node link: {} says it is '{}', which is not another member of the pool: closing",
                        ctx.channel().remoteAddress(), hello.nodeId());
                ctx.close();
                return false;
            }
            Optional<String> mismatch = LinkIdentity.mismatch(ctx.channel(), hello.nodeId());
            if (mismatch.isPresent()) {
                log.warn("node link: {} says it is '{}' but {}: closing", ctx.channel().remoteAddress(), hello.nodeId(),
                        mismatch.get());
                ctx.close();
                return false;
            }
            return true;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (!onIdle(ctx, evt)) {
                super.userEventTriggered(ctx, evt);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            // A late close of a connection the peer already replaced says nothing about the peer.
            if (peer != null && inbound.remove(peer, this)) {
                frames.peerDown(peer);
                log.info("node link: {} disconnected", peer);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("node link connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

}
