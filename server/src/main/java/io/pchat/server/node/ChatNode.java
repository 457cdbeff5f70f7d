package io.pchat.server.node;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.pchat.lifecycle.ContainerLifeCycle;
import io.pchat.server.admin.AdminContext;
import io.pchat.server.admin.AdminEndpointFile;
import io.pchat.server.admin.AdminServer;
import io.pchat.server.admin.ChatLimitsFile;
import io.pchat.server.chat.ChatService;
import io.pchat.server.chat.ChatSettings;
import io.pchat.server.chat.MessageSequencer;
import io.pchat.server.chat.NodePlacement;
import io.pchat.server.chat.StorageExecutor;
import io.pchat.server.fanout.EnvelopeIds;
import io.pchat.server.files.FileHttpServer;
import io.pchat.server.files.FileRepository;
import io.pchat.server.files.FileServerSettings;
import io.pchat.server.cli.admin.PrintedResults;
import io.pchat.server.console.ConsoleSettings;
import io.pchat.server.metrics.MetricSampler;
import io.pchat.server.metrics.NodeMetrics;
import io.pchat.server.pool.ChatPool;
import io.pchat.server.session.CommandRateLimit;
import io.pchat.server.session.SessionLog;
import io.pchat.server.session.XccosService;
import io.pchat.server.sip.SipListener;
import io.pchat.server.tls.TlsSettings;
import io.pchat.storage.ChatStore;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.RoomSpec;

/**
 * One chat node: a {@link ContainerLifeCycle} of parts, each with the one lifecycle: storage
 * ({@link StoragePart}: databases, message log, storage threads), the file endpoint, the pool
 * membership (in a pool), the SIP listener(s) and the admin API, started in that order (the
 * command layer is wired between them) and stopped in the reverse one: stop taking admin calls,
 * stop taking sessions (the dialogs get BYE), leave the pool (rooms released, lease ended), close
 * the file endpoint, let storage work finish, flush the message log, close the databases. Each
 * part logs its stop; a part that fails to stop is logged and the others still stop; a part that
 * fails to start stops the ones started before it.
 *
 * <p>On its first start on an empty store it creates the root category (named after the domain)
 * and an open room "Lobby", so a new user can connect and chat at once.
 */
public final class ChatNode extends ContainerLifeCycle {
    private static final Logger log = LoggerFactory.getLogger(ChatNode.class);
    static final String FIRST_ROOM = "Lobby";

    private final NodeConfig config;
    private final Clock clock;
    private StoragePart storagePart;
    private RunMarker runMarker;
    private ChatStore store;
    private StorageExecutor storage;
    private FileHttpServer files;
    private ChatService chat;
    private SipListener sip;
    private SipListener sipTls;
    private final NodeMetrics metrics = new NodeMetrics();
    private AdminServer admin;
    private ChatPool pool;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private List<String> devRooms = List.of();

    public ChatNode(NodeConfig config) {
        this(config, Clock.systemUTC());
    }

    public ChatNode(NodeConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "chat node";
    }

    @Override
    protected void startParts() throws Exception {
        ListeningPorts.check(config); // before anything is created: a taken port leaves no new database behind
        // the chat limits in force: the admin API's saved ones (pchat admin config set) override the configuration's
        NodeConfig.ChatLimits limits = ChatLimitsFile.readOr(config.dataDirectory(), config.chat());
        log.info("starting chat node with:\n{}", config.withChat(limits).describe());
        DataDirectory.prepare(config.dataDirectory());
        DescriptorBudget.check(config);
        storagePart = new StoragePart(config.storage(), clock, config.storageThreads());
        startPart(storagePart);
        store = storagePart.store();
        storage = storagePart.executor();
        runMarker = RunMarker.take(config.dataDirectory());
        DataDirectory.restrict(config.dataDirectory().resolve(RunMarker.FILE_NAME));
        DataDirectory.restrictContents(config.dataDirectory().resolve("db")); // the embedded database, if any
        seedIfEmpty();

        SslContext tls = config.tls().map(TlsSettings::serverContext).orElse(null);
        MessageSequencer sequencer = MessageSequencer.local(store.messageLog());
        NodePlacement placement = NodePlacement.thisNode(() -> sip.nodeUri());
        if (config.pool().isPool()) {
            TlsSettings link = config.pool().linkTls()
                    ? config.pool().linkCertificates().or(config::tls).orElseThrow(() -> new IllegalStateException(
                            "pool.link.tls needs certificates (pool.link.certificate or tls.certificate)"))
                    : null;
            pool = new ChatPool(config.pool(), config.sessions().nodeName(), store, clock,
                    link == null ? null : link.linkServerContext(), link == null ? null : link.linkClientContext());
            sequencer = pool.sequencer();
            placement = pool.placement();
        }
        MessageSequencer posts = sequencer;
        FileRepository repository = new FileRepository(config.dataDirectory().resolve("files"));
        repository.discardUnfinishedUploads();
        String domain = config.sessions().domain();
        files = new FileHttpServer(new FileServerSettings(new InetSocketAddress(config.fileHost(), config.filePort()),
                domain, limits.fileSizeLimitKb() * 1024L), store.files(), repository,
                (uploader, roomId, fileName, link) -> posts
                        .append(new NewMessage(roomId, uploader, fileName + " " + link, false, null)),
                storage.executor());
        files.withLimits(config.http().files());
        if (tls != null) {
            files.withTls(tls);
        }
        startPart(files);

        InetSocketAddress fileAddress = files.boundAddress();
        ChatSettings settings = ChatSettings.builder(URI.create((tls == null ? "http://" : "https://") + config.fileHost() + ":"
                        + fileAddress.getPort() + "/files"))
                .domain(domain)
                .roomManagementUrl(roomManagementUrl(tls != null))
                .defaultChatHistory(limits.defaultChatHistory())
                .messageSizeLimit(limits.messageSizeLimit())
                .storySizeLimit(limits.storySizeLimit())
                .searchLimit(limits.searchLimit())
                .participantUpdateLimit(limits.participantUpdateLimit())
                .fileSizeLimitKb(limits.fileSizeLimitKb())
                .fileTokenLifetime(limits.fileTokenLifetime())
                .build();
        chat = new ChatService(settings, store, store.messageLog(), sequencer, store.history(), storage, placement,
                clock, new EnvelopeIds(), PooledByteBufAllocator.DEFAULT);
        metrics.bindStore(store);
        // The chat service told the log of its fan-out (this node's dialogs first); then metrics, then the other nodes.
        store.messageLog().addDurableListener(metrics.batchSizes());
        if (pool != null) {
            store.messageLog().addDurableListener(pool.remoteFanOut());
        }
        chat.fanOut().observe(metrics.fanOutObserver());
        int rate = config.sessions().maxCommandsPerSecond();
        XccosService service = new SessionLog(new CommandRateLimit(metrics.counting(chat), rate, 2 * rate));
        StoredCredentials credentials = new StoredCredentials(store.users());
        sip = new SipListener(config.sessions(), service, credentials, storage.executor());
        if (tls != null) {
            sipTls = new SipListener(config.sessions().toBuilder().port(config.sipTlsPort()).build(), service, credentials,
                    storage.executor(), tls);
        }
        if (pool != null) {
            pool.attach(chat, this::endAllDialogs);
            pool.checkForwardedPosts(limits.messageSizeLimit(), limits.storySizeLimit());
            metrics.bindPool(pool);
            startPart(pool); // the first view before any session: an idle node redirects from the start
            sip.admitWith(pool.admission());
            if (sipTls != null) {
                sipTls.admitWith(pool.admission());
            }
        }
        startPart(sip);
        if (sipTls != null) {
            startPart(sipTls);
        }
        metrics.bindSessions(() -> sip.dialogs().size(), () -> sip.connectionCount(), () -> chat.liveRooms().size());
        SipListener plain = sip;
        SipListener secure = sipTls;
        metrics.bindAuthFailures(() -> plain.authFailures() + (secure == null ? 0 : secure.authFailures()));
        MetricSampler sampler = new MetricSampler(metrics, store, clock);
        startPart(sampler);
        admin = new AdminServer(config.admin(), new AdminContext(store, chat, config.dataDirectory(), domain,
                config.sessions().digestRealm(), config.sessions().nodeName(), sip::nodeUri, limits, this::isRunning,
                this::stopFromAdmin, clock, metrics::scrape, pool, this::sipAddress, sampler.history()), storage);
        admin.withResultPrinter(new PrintedResults()).withLimits(config.http().admin());
        if (tls != null) {
            admin.withTls(tls);
        }
        startPart(admin);
        AdminEndpointFile.write(config.dataDirectory(), tls == null ? "http" : "https", admin.boundAddress(),
                config.tls().map(TlsSettings::certificate));
        log.info("chat node ready: SIP on {}:{}{} as {} (pool {}), files on {}://{}:{}/files", config.sessions().bindHost(),
                sip.port(), sipTls == null ? "" : " and TLS " + sipTls.port(), sip.nodeUri(), config.sessions().poolUri(),
                tls == null ? "http" : "https", config.fileHost(), fileAddress.getPort());
    }

    /**
     * Development aid ({@code pchat node --create-room}): open rooms under the root category that
     * are created at start, before the SIP listener, when no room of that name exists. Call before
     * {@link #start()}.
     */
    public ChatNode createRoomsOnStart(List<String> names) {
        this.devRooms = List.copyOf(names);
        return this;
    }

    /** First start on an empty store: a root category and an open room to chat in. */
    private void seedIfEmpty() {
        boolean firstStart = store.categories().root().isEmpty();
        Category root = store.categories().ensureRoot(config.sessions().domain());
        if (firstStart && store.rooms().byName(FIRST_ROOM).isEmpty()) {
            store.rooms().create(RoomSpec.named(FIRST_ROOM, root.id()).withPrivacy(Privacy.OPEN)
                    .withDescription("Everyone's first room").withTopic("Welcome to pchat"));
            log.info("first start: created the root category '{}' and the open room '{}'", root.name(), FIRST_ROOM);
        }
        for (String name : devRooms) {
            if (store.rooms().byName(name).isEmpty()) {
                store.rooms().create(RoomSpec.named(name, root.id()).withPrivacy(Privacy.OPEN));
                log.info("created the open room '{}' (--create-room)", name);
            }
        }
    }

    @Override
    protected void afterPartsStopped() {
        try {
            if (runMarker != null) {
                runMarker.release();
            }
        } finally {
            stopped.complete(null);
        }
    }

    /** {@code POST /shutdown}: the whole node, in order, on the admin API's shutdown thread. */
    private void stopFromAdmin() {
        try {
            stop();
        } catch (Exception e) {
            log.warn("shutdown requested through the admin API did not complete cleanly: {}", e.toString());
        }
    }

    /** Completes once the node has stopped (Ctrl-C, the admin API's shutdown, or a test). */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** A pool node that lost its role: every dialog gets BYE, clients reconnect to an active node. */
    private void endAllDialogs(String reason) {
        int ended = 0;
        for (SipListener listener : new SipListener[] {sip, sipTls}) {
            if (listener != null) {
                for (var dialog : List.copyOf(listener.dialogs().all())) {
                    dialog.end(reason);
                    ended++;
                }
            }
        }
        log.warn("{}: ended {} dialogs", reason, ended);
    }

    /** The pool membership, or null for a single node. */
    public ChatPool pool() {
        return pool;
    }

    /** The threads that run blocking store calls (tests fill them to show what never waits for them). */
    public StorageExecutor storageThreads() {
        return storage;
    }

    /** The store (tests and the admin layer read it). */
    public ChatStore store() {
        return store;
    }

    public ChatService chat() {
        return chat;
    }

    /** The node's metrics (Prometheus text with {@code scrape()}). */
    public NodeMetrics metrics() {
        return metrics;
    }

    /** The SIP-over-TLS port actually bound, or -1 when TLS is off. */
    public int sipTlsPort() {
        return sipTls == null ? -1 : sipTls.port();
    }

    /** The SIP port actually bound. */
    public int sipPort() {
        return sip.port();
    }

    public String nodeUri() {
        return sip.nodeUri();
    }

    /**
     * The room management URL clients get in {@code rpl:getserverinfo}: the console's rooms page at
     * {@code console.publicUrl}, else on the admin endpoint's configured address; empty when the
     * console is off, or when the admin port is 0 (any free one: not known before the bind).
     */
    private String roomManagementUrl(boolean tls) {
        ConsoleSettings console = config.admin().console();
        if (!console.enabled()) {
            return "";
        }
        if (console.publicUrl().isPresent()) {
            return console.publicUrl().get() + "#/rooms";
        }
        if (config.admin().port() == 0) {
            return "";
        }
        return AdminEndpointFile.url(tls ? "https" : "http", config.admin().host(), config.admin().port()) + "/console/#/rooms";
    }

    /** Where this node's SIP listener answers, as a local client reaches it (a wildcard bind is reached on loopback). */
    private InetSocketAddress sipAddress() {
        String host = config.sessions().bindHost();
        boolean wildcard = "0.0.0.0".equals(host) || "::".equals(host);
        return new InetSocketAddress(wildcard ? "127.0.0.1" : host, sip.port());
    }

    /** The admin API's bound address. */
    public InetSocketAddress adminAddress() {
        return admin.boundAddress();
    }

    /** The file endpoint's bound address. */
    public InetSocketAddress fileAddress() {
        return files.boundAddress();
    }
}
