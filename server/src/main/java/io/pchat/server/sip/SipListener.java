package io.pchat.server.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Ticker;
import io.pchat.client.NettyTransport;
import io.pchat.lifecycle.AbstractLifeCycle;
import io.pchat.protocol.sip.SipFrameDecoder;
import io.pchat.protocol.sip.SipMessageEncoder;
import io.pchat.protocol.sip.SipMessageParser;
import io.pchat.protocol.xccos.XccosReader;
import io.pchat.protocol.xccos.XccosWriter;
import io.pchat.server.session.UserCredentials;
import io.pchat.server.session.XccosService;

/**
 * The node's SIP-over-TCP listener: one Netty pipeline per connection,
 * {@link SipFrameDecoder} → {@link SipMessageEncoder} → {@link SipConnection}.
 *
 * <p>Invariants: at most {@code maxConnections} connections are open, and at most
 * {@code maxConnectionsPerAddress} from one untrusted address (more are closed at once, see
 * {@link ConnectionAdmission}); no connection holds more than {@code maxOutboundBytes} of queued
 * output ({@link OutboundLimit});
 * while started, {@link #port()} is the bound port and every connection shares one
 * {@link SipContext}. Stopping stops accepting first, then ends every dialog with BYE (best
 * effort), closes every connection and shuts the event loops down, each step bounded by the
 * shutdown timeout.
 */
public final class SipListener extends AbstractLifeCycle {

    private static final Logger log = LoggerFactory.getLogger(SipListener.class);

    private final SessionSettings settings;
    private final XccosService service;
    private final UserCredentials credentials;
    private final Executor credentialsExecutor;
    private final Ticker ticker;
    private final Dialogs dialogs;
    private final Registrations registrations;
    private final ConnectionAdmission connectionAdmission;
    private final OutboundBudget outboundBudget;
    private final AuthThrottle authThrottle;

    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private ChannelGroup connections;
    private Channel serverChannel;
    private volatile SipContext context;
    private volatile int port = -1;
    private SslContext tls;
    private volatile SessionAdmission admission = SessionAdmission.ALWAYS;

    /**
     * @param credentials         the user directory, used in {@link AuthMode#DIGEST}
     * @param credentialsExecutor where HA1 lookups run (they may block); never an event loop
     */
    public SipListener(SessionSettings settings, XccosService service, UserCredentials credentials,
                       Executor credentialsExecutor) {
        this(settings, service, credentials, credentialsExecutor, Ticker.systemTicker());
    }

    /**
     * A listener whose connections speak TLS first ({@code tls}: the node's server context,
     * with or without client certificates); SIP over TLS otherwise works as over TCP.
     */
    public SipListener(SessionSettings settings, XccosService service, UserCredentials credentials,
                       Executor credentialsExecutor, SslContext tls) {
        this(settings, service, credentials, credentialsExecutor, Ticker.systemTicker());
        this.tls = tls;
    }

    /** With a clock of one's own, for tests that move time. */
    SipListener(SessionSettings settings, XccosService service, UserCredentials credentials,
                Executor credentialsExecutor, Ticker ticker) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.service = Objects.requireNonNull(service, "service");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.credentialsExecutor = Objects.requireNonNull(credentialsExecutor, "credentialsExecutor");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.dialogs = new Dialogs(settings.maxDialogsPerUser());
        this.registrations = new Registrations(settings.maxDialogsPerUser());
        ConnectionLimits limits = settings.connectionLimits();
        this.connectionAdmission = new ConnectionAdmission(settings.maxConnections(), limits.maxConnectionsPerAddress(),
                settings.trustedPeers(), ticker);
        this.outboundBudget = new OutboundBudget(limits.outboundBudget());
        this.authThrottle = AuthThrottle.defaults(settings.trustedPeers(), ticker::nanoTime);
    }

    @Override
    public String name() {
        return tls == null ? "sip listener" : "sip listener (tls)";
    }

    /** The bound TCP port while started (the real one when configured as 0), else -1. */
    public int port() {
        return port;
    }

    /** The node URI the listener uses as Contact, once started. */
    public String nodeUri() {
        SipContext c = context;
        return c == null ? null : c.serviceUris().nodeUri();
    }

    /** Every open dialog of this listener. */
    public Dialogs dialogs() {
        return dialogs;
    }

    /** What the built-in front end holds (empty with {@link FrontEndMode#EXTERNAL}). */
    public Registrations registrations() {
        return registrations;
    }

    /** Who decides whether a new INVITE gets a session (a pool's idle node redirects); call before {@link #start()}. */
    public SipListener admitWith(SessionAdmission value) {
        this.admission = Objects.requireNonNull(value, "admission");
        return this;
    }

    /** Bytes queued to all connections, as they last reported it (at most one timer tick old). */
    public long queuedOutboundBytes() {
        return outboundBudget.queued();
    }

    /** Wrong Digest answers (and unknown users) since the listener was made. */
    public long authFailures() {
        return authThrottle.failures();
    }

    /** Open TCP connections. */
    public int connectionCount() {
        return connectionAdmission.open();
    }

    @Override
    protected void doStart() throws Exception {
        NettyTransport transport = NettyTransport.best();
        acceptGroup = transport.newGroup(1, "pchat-sip-accept");
        ioGroup = transport.newGroup(settings.ioThreads(), "pchat-sip");
        connections = new DefaultChannelGroup("sip connections", GlobalEventExecutor.INSTANCE);
        int highWater = settings.outboundHighWaterMark();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(highWater / 2, highWater))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                });
        try {
            ChannelFuture bound = bootstrap.bind(settings.bindHost(), settings.port()).sync();
            serverChannel = bound.channel();
            InetSocketAddress local = (InetSocketAddress) serverChannel.localAddress();
            port = local.getPort();
            ServiceUris uris = new ServiceUris(settings.poolUri(), settings.legacyUri(),
                    settings.nodeUriFor(local.getAddress().getHostAddress(), port));
            RequestHandlers handlers = settings.frontEnd() == FrontEndMode.BUILTIN
                    ? RequestHandlers.withFrontEnd(registrations) : RequestHandlers.chatDialog();
            context = new SipContext(settings, service, uris, authenticator(), dialogs, handlers,
                    ticker, new SipMessageParser(), new XccosReader(settings.xccosLimits()), new XccosWriter(), admission,
                    registrations, outboundBudget);
            long tick = Math.max(settings.timerTick().toNanos(), 1);
            acceptGroup.next().scheduleAtFixedRate(() -> registrations.sweep(ticker.nanoTime()), tick, tick,
                    TimeUnit.NANOSECONDS);
            log.info("SIP listener on {} ({}{}, auth {}, front end {}), serving {}", local, transport,
                    tls == null ? "" : ", TLS", settings.authMode(),
                    settings.frontEnd().name().toLowerCase(Locale.ROOT), uris);
        } catch (Exception | Error e) {
            shutDownGroups();
            throw e;
        }
    }

    private void accept(SocketChannel ch) {
        SipContext c = context;
        InetAddress peer = ch.remoteAddress().getAddress();
        // context is null only in the instant between bind and its creation: refuse, the client reconnects
        if (c == null || !connectionAdmission.admit(peer)) {
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> connectionAdmission.release(peer));
        connections.add(ch);
        ch.pipeline().addLast("outbound-limit", new OutboundLimit(settings.connectionLimits().maxOutboundBytes()));
        if (tls != null) {
            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
        }
        if (!settings.traceUsers().isEmpty()) {
            ch.pipeline().addLast("trace", new SipTrace(settings.traceUsers()));
        }
        // Many deliveries to one connection in one event-loop turn become one flush (one syscall).
        ch.pipeline().addLast("flushes", new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        ch.pipeline().addLast("frames", new SipFrameDecoder(settings.frameLimits()))
                .addLast("encoder", new SipMessageEncoder())
                .addLast("connection", new SipConnection(c));
    }

    private InviteAuthenticator authenticator() {
        InviteAuthenticator identify = switch (settings.authMode()) {
            case NONE -> new FromHeaderAuthenticator();
            case TRUSTED -> new TrustedPeerAuthenticator(settings.trustedPeers());
            case DIGEST -> new DigestAuthenticator(settings.digestRealm(),
                    new DigestNonces(settings.digestRealm(), settings.nonceLifetime().toNanos(), ticker),
                    credentials, credentialsExecutor, authThrottle);
        };
        return new EnabledUsersOnly(identify, credentials, credentialsExecutor);
    }

    @Override
    protected void doStop() throws Exception {
        long timeoutMillis = settings.shutdownTimeout().toMillis();
        if (serverChannel != null) {
            serverChannel.close().await(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        int open = dialogs.size();
        List<Future<?>> closing = new ArrayList<>();
        for (Channel ch : connections) {
            SipConnection connection = ch.pipeline().get(SipConnection.class);
            if (connection != null) {
                ch.eventLoop().execute(() -> connection.shutdown("node stopping"));
            } else {
                ch.close();
            }
            closing.add(ch.closeFuture());
        }
        for (Future<?> f : closing) {
            f.await(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        log.info("SIP listener ended {} dialogs and closed {} connections", open, closing.size());
        shutDownGroups();
        context = null;
        port = -1;
    }

    private void shutDownGroups() throws InterruptedException {
        long timeoutMillis = settings.shutdownTimeout().toMillis();
        List<Future<?>> terminations = new ArrayList<>();
        for (EventLoopGroup group : new EventLoopGroup[] {acceptGroup, ioGroup}) {
            if (group != null) {
                terminations.add(group.shutdownGracefully(0, Math.min(timeoutMillis, 100), TimeUnit.MILLISECONDS));
            }
        }
        for (Future<?> termination : terminations) {
            if (!termination.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                log.warn("SIP event loops did not terminate within {} ms", timeoutMillis);
            }
        }
    }
}
