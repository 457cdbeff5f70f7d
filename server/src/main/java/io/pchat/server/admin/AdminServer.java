package io.pchat.server.admin;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.pchat.server.chat.StorageExecutor;
import io.pchat.server.lifecycle.AbstractLifeCycle;
import io.pchat.server.net.NettyTransport;

/**
 * The node's admin HTTP JSON API (Netty HTTP, one event loop thread): categories, rooms, users,
 * chat configuration, compliance export and purges, health and shutdown (docs/admin.md). Bodies
 * are aggregated up to {@value #MAX_BODY} bytes (more is 413); idle connections close after a
 * minute. Resources run on the node's storage executor.
 *
 * <p>Invariant: every call but {@code GET /health} carries the bearer token ({@link AdminToken}),
 * which is resolved before the port is bound.
 */
public final class AdminServer extends AbstractLifeCycle {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    static final int MAX_BODY = 64 * 1024;

    private final AdminSettings settings;
    private final AdminContext context;
    private final StorageExecutor storage;
    private EventLoopGroup group;
    private Channel server;

    private io.netty.handler.ssl.SslContext tls;

    public AdminServer(AdminSettings settings, AdminContext context, StorageExecutor storage) {
        this.settings = settings;
        this.context = context;
        this.storage = storage;
    }

    @Override
    public String name() {
        return "admin API";
    }

    /** Serve HTTPS with this context instead of plain HTTP; before {@link #start()}. */
    public AdminServer withTls(io.netty.handler.ssl.SslContext context) {
        this.tls = context;
        return this;
    }

    @Override
    protected void doStart() throws Exception {
        AdminToken token = AdminToken.resolve(settings.token(), context.dataDirectory());
        AdminHttpHandler handler = new AdminHttpHandler(routes(context), token, storage);
        NettyTransport transport = NettyTransport.best();
        group = transport.newGroup(1, "pchat-admin");
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
                                    .addLast(new IdleStateHandler(0, 0, 60, TimeUnit.SECONDS))
                                    .addLast(new io.pchat.server.net.CloseWhenIdle())
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(MAX_BODY))
                                    .addLast(handler);
                        }
                    })
                    .bind(new InetSocketAddress(settings.host(), settings.port())).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        if (!boundAddress().getAddress().isLoopbackAddress()) {
            if (tls == null) {
                log.warn("admin API bound to {}, not a loopback address, over plain HTTP: configure tls.certificate", boundAddress());
            }
        }
        log.info("admin API listening on {}://{}:{}/", tls == null ? "http" : "https", settings.host(), boundAddress().getPort());
    }

    /** The routing table: one resource class per kind of object. */
    static AdminRoutes routes(AdminContext context) {
        AdminRoutes routes = new AdminRoutes();
        Lookups lookups = new Lookups(context.store());
        new NodeResource(context).register(routes);
        new CategoryResource(context, lookups).register(routes);
        new RoomResource(context, lookups).register(routes);
        new UserResource(context).register(routes);
        new ChatConfigResource(context).register(routes);
        new ComplianceResource(context, lookups).register(routes);
        return routes;
    }

    /** The address actually bound (the port is chosen by the system when 0 was asked for). */
    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) server.localAddress();
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
