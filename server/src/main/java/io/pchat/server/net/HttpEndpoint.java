package io.pchat.server.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.pchat.client.NettyTransport;
import io.pchat.lifecycle.AbstractLifeCycle;

/**
 * An HTTP endpoint of the node (the file endpoint, the admin API): one event loop of its own,
 * HTTPS when given a TLS context, at most {@code maxConnections} connections (more are closed at
 * once, refusals logged once per 10 s with their count), the request deadlines of
 * {@link HttpDeadlines}, idle connections closed after a minute, then the HTTP codec and whatever
 * the subclass adds. The lifecycle binds on start (releasing the loop if binding fails) and closes
 * the listening channel, then the loop, on stop.
 *
 * <p>The connection cap is what keeps an HTTP endpoint from taking the descriptors SIP needs:
 * idle sockets on the file endpoint used to exhaust the process's limit.
 */
public abstract class HttpEndpoint extends AbstractLifeCycle {
    private static final int IDLE_SECONDS = 60;

    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);

    private SslContext tls;
    private HttpLimits limits = HttpLimits.of(64);
    private final AtomicInteger open = new AtomicInteger();
    private final LogThrottle refusals = new LogThrottle(Duration.ofSeconds(10));
    private EventLoopGroup group;
    private Channel server;

    /** Serve HTTPS with this context instead of plain HTTP; before {@link #start()}. */
    public HttpEndpoint withTls(SslContext context) {
        this.tls = context;
        return this;
    }

    /** Connection cap and request deadlines; before {@link #start()}. */
    public HttpEndpoint withLimits(HttpLimits value) {
        this.limits = value;
        return this;
    }

    /** Connections open now. */
    public int connectionCount() {
        return open.get();
    }

    /** The address to bind (port 0: any free port). */
    protected abstract InetSocketAddress bindAddress();

    /** The name of the endpoint's event-loop thread. */
    protected abstract String threadName();

    /** Adds the handlers that follow the HTTP codec on a new connection. */
    protected abstract void addHandlers(ChannelPipeline pipeline);

    /** Logs or checks what it needs once bound. */
    protected abstract void started();

    @Override
    protected void doStart() throws Exception {
        NettyTransport transport = NettyTransport.best();
        group = transport.newGroup(1, threadName());
        try {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (open.incrementAndGet() > limits.maxConnections()) {
                                open.decrementAndGet();
                                long refused = refusals.occurred();
                                if (refused > 0) {
                                    log.warn("{}: refused {} connection(s) in the last {} s, the latest from {}: {} open"
                                            + " (the endpoint's maxConnections)", name(), refused, refusals.periodSeconds(),
                                            ch.remoteAddress(), limits.maxConnections());
                                }
                                ch.close();
                                return;
                            }
                            ch.closeFuture().addListener(f -> open.decrementAndGet());
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                            }
                            ch.pipeline()
                                    .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                                    .addLast(new CloseWhenIdle())
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpDeadlines(limits));
                            addHandlers(ch.pipeline());
                        }
                    })
                    .bind(bindAddress()).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        started();
    }

    /** The address actually bound (the port is chosen by the system when 0 was asked for). */
    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** {@code https} with TLS, else {@code http}. */
    protected String scheme() {
        return tls == null ? "http" : "https";
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
