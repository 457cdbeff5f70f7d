package io.pchat.server.admin;

import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.pchat.server.chat.StorageExecutor;
import io.pchat.server.net.HttpEndpoint;

/**
 * The node's admin HTTP JSON API (Netty HTTP, one event loop thread): categories, rooms, users,
 * chat configuration, compliance export and purges, health and shutdown (docs/admin.md). Bodies
 * are aggregated up to {@value #MAX_BODY} bytes (more is 413); idle connections close after a
 * minute. Resources run on the node's storage executor. The web console ({@link ConsoleApi}) is
 * served under {@code /console/} on the same port unless {@code console.enabled} is false.
 *
 * <p>Invariant: every call but {@code GET /health} carries the bearer token ({@link AdminToken}),
 * which is resolved before the port is bound.
 */
public final class AdminServer extends HttpEndpoint {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    static final int MAX_BODY = 64 * 1024;

    private final AdminSettings settings;
    private final AdminContext context;
    private final StorageExecutor storage;
    private AdminHttpHandler handler;
    private ConsoleApi console;
    private ResultPrinter printer = ResultPrinter.NONE;

    public AdminServer(AdminSettings settings, AdminContext context, StorageExecutor storage) {
        this.settings = settings;
        this.context = context;
        this.storage = storage;
    }

    @Override
    public String name() {
        return "admin API";
    }

    /** How the console shows an action's result as {@code pchat admin} prints it; call before start. */
    public AdminServer withResultPrinter(ResultPrinter value) {
        this.printer = value;
        return this;
    }


    @Override
    protected void doStart() throws Exception {
        AdminToken token = AdminToken.resolve(settings.token(), context.dataDirectory());
        AdminRoutes routes = routes(context);
        console = settings.console().enabled()
                ? new ConsoleApi(settings.console(), context, routes, token, "https".equals(scheme()), printer) : null;
        handler = new AdminHttpHandler(routes, token, storage, console);
        super.doStart();
    }

    @Override
    protected InetSocketAddress bindAddress() {
        return new InetSocketAddress(settings.host(), settings.port());
    }

    @Override
    protected String threadName() {
        return "pchat-admin";
    }

    @Override
    protected void addHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(new HttpObjectAggregator(MAX_BODY)).addLast(handler);
    }

    @Override
    protected void started() {
        if (!boundAddress().getAddress().isLoopbackAddress() && "http".equals(scheme())) {
            // allowed only with admin.allowPlainHttp: true (the configuration refuses it otherwise)
            log.warn("admin API bound to {}, not a loopback address, over plain HTTP (admin.allowPlainHttp): its bearer"
                    + " token crosses the network in clear; configure tls.certificate", boundAddress());
        }
        log.info("admin API listening on {}://{}:{}/", scheme(), settings.host(), boundAddress().getPort());
        if (console != null) {
            log.info("web console on {}://{}:{}/console/ (operators sign in with the admin token, users with their"
                    + " SIP address and password)", scheme(), settings.host(), boundAddress().getPort());
        }
    }

    /** The routing table: one resource class per kind of object. */
    static AdminRoutes routes(AdminContext context) {
        AdminRoutes routes = new AdminRoutes();
        Lookups lookups = new Lookups(context.store());
        new NodeResource(context).register(routes);
        new CategoryResource(context, lookups).register(routes);
        new RoomResource(context, lookups).register(routes);
        new RoomHistoryResource(context, lookups).register(routes);
        new UserResource(context).register(routes);
        new ChatConfigResource(context).register(routes);
        new PoolResource(context).register(routes);
        new ComplianceResource(context, lookups).register(routes);
        return routes;
    }
}
