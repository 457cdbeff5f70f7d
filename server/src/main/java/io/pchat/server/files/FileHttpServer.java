package io.pchat.server.files;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.pchat.server.lifecycle.AbstractLifeCycle;
import io.pchat.server.net.NettyTransport;
import io.pchat.storage.file.FileStore;

/**
 * The node's file endpoint (Netty HTTP): uploads and downloads of files posted in rooms, against
 * the short-lived tokens that {@code getfutok}/{@code getfdtok} hand out. Idle connections are
 * closed after a minute.
 */
public final class FileHttpServer extends AbstractLifeCycle {
    private static final Logger log = LoggerFactory.getLogger(FileHttpServer.class);

    private final FileServerSettings settings;
    private final FileStore files;
    private final FileRepository repository;
    private final FilePoster poster;
    private final Executor storage;
    private io.netty.handler.ssl.SslContext tls;
    private EventLoopGroup group;
    private Channel server;

    public FileHttpServer(FileServerSettings settings, FileStore files, FileRepository repository, FilePoster poster,
            Executor storage) {
        this.settings = settings;
        this.files = files;
        this.repository = repository;
        this.poster = poster;
        this.storage = storage;
    }

    @Override
    public String name() {
        return "file endpoint";
    }

    /** Serve HTTPS with this context instead of plain HTTP; before {@link #start()}. */
    public FileHttpServer withTls(io.netty.handler.ssl.SslContext context) {
        this.tls = context;
        return this;
    }

    @Override
    protected void doStart() throws Exception {
        NettyTransport transport = NettyTransport.best();
        group = transport.newGroup(1, "pchat-files");
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
                                .addLast(new ChunkedWriteHandler())
                                .addLast(new FileHttpHandler(files, repository, poster, storage, settings));
                    }
                })
                .bind(settings.bind()).sync().channel();
        log.info("file endpoint listening on " + (tls == null ? "http" : "https") + "://{}:{}/files/ (limit {} bytes, files in {})", boundAddress().getHostString(), boundAddress().getPort(),
                settings.maxBytes(), repository.root());
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
