package io.pchat.server.net;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.pchat.server.lifecycle.AbstractLifeCycle;

/**
 * An HTTP endpoint of the node (the file endpoint, the admin API): one event loop of its own,
 * HTTPS when given a TLS context, idle connections closed after a minute, then the HTTP codec and
 * whatever the subclass adds. The lifecycle binds on start (releasing the loop if binding fails)
 * and closes the listening channel, then the loop, on stop.
 */
public abstract class HttpEndpoint extends AbstractLifeCycle {
    private static final int IDLE_SECONDS = 60;

    private SslContext tls;
    private EventLoopGroup group;
    private Channel server;

    /** Serve HTTPS with this context instead of plain HTTP; before {@link #start()}. */
    public HttpEndpoint withTls(SslContext context) {
        this.tls = context;
        return this;
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
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                            }
                            ch.pipeline()
                                    .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                                    .addLast(new CloseWhenIdle())
                                    .addLast(new HttpServerCodec());
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
