package io.pchat.server.node;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.PooledByteBufAllocator;
import io.pchat.server.chat.ChatService;
import io.pchat.server.chat.ChatSettings;
import io.pchat.server.chat.StorageExecutor;
import io.pchat.server.fanout.EnvelopeIds;
import io.pchat.server.files.FileHttpServer;
import io.pchat.server.files.FileRepository;
import io.pchat.server.files.FileServerSettings;
import io.pchat.server.lifecycle.AbstractLifeCycle;
import io.pchat.server.sip.SipListener;
import io.pchat.storage.ChatStore;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.pool.PoolEpoch;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.RoomSpec;

/**
 * One chat node: the store, the file endpoint, the command layer and the SIP listener, started
 * in that order and stopped in the reverse one: stop taking sessions (the dialogs get BYE),
 * close the file endpoint, let storage work finish, flush the message log, close the databases.
 *
 * <p>On its first start on an empty store it creates the root category (named after the domain)
 * and an open room "Lobby", so a new user can connect and chat at once.
 */
public final class ChatNode extends AbstractLifeCycle {
    private static final Logger log = LoggerFactory.getLogger(ChatNode.class);
    static final String FIRST_ROOM = "Lobby";

    private final NodeConfig config;
    private final Clock clock;
    private ChatStore store;
    private StorageExecutor storage;
    private FileHttpServer files;
    private ChatService chat;
    private SipListener sip;
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
    protected void doStart() throws Exception {
        log.info("starting chat node with:\n{}", config.describe());
        try {
            Files.createDirectories(config.dataDirectory());
            PoolEpoch epoch = new PoolEpoch(1);
            store = ChatStore.open(config.storage(), epoch, clock);
            epoch.advanceTo(store.pool().read().epoch());
            seedIfEmpty();

            storage = new StorageExecutor(config.storageThreads(), 10_000);
            FileRepository repository = new FileRepository(config.dataDirectory().resolve("files"));
            String domain = config.sessions().domain();
            files = new FileHttpServer(new FileServerSettings(new InetSocketAddress(config.fileHost(), config.filePort()),
                    domain, config.chat().fileSizeLimitKb() * 1024L), store.files(), repository,
                    (uploader, roomId, fileName, link) -> store.messageLog()
                            .append(new NewMessage(roomId, uploader, fileName + " " + link, false, null)),
                    storage.executor());
            files.start();

            InetSocketAddress fileAddress = files.boundAddress();
            NodeConfig.ChatLimits limits = config.chat();
            ChatSettings settings = ChatSettings.builder(URI.create("http://" + config.fileHost() + ":"
                            + fileAddress.getPort() + "/files"))
                    .domain(domain)
                    .defaultChatHistory(limits.defaultChatHistory())
                    .messageSizeLimit(limits.messageSizeLimit())
                    .storySizeLimit(limits.storySizeLimit())
                    .searchLimit(limits.searchLimit())
                    .participantUpdateLimit(limits.participantUpdateLimit())
                    .fileSizeLimitKb(limits.fileSizeLimitKb())
                    .fileTokenLifetime(limits.fileTokenLifetime())
                    .build();
            chat = new ChatService(settings, store, store.messageLog(), store.history(), storage, () -> sip.nodeUri(),
                    clock, new EnvelopeIds(), PooledByteBufAllocator.DEFAULT);
            sip = new SipListener(config.sessions(), chat, new StoredCredentials(store.users()),
                    storage.executor());
            sip.start();
            log.info("chat node ready: SIP on {}:{} as {} (pool {}), files on http://{}:{}/files", config.sessions().bindHost(),
                    sip.port(), sip.nodeUri(), config.sessions().poolUri(), config.fileHost(), fileAddress.getPort());
        } catch (Exception | Error e) {
            closeParts();
            throw e;
        }
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
    protected void doStop() throws Exception {
        closeParts();
    }

    private void closeParts() {
        stopQuietly(sip);
        stopQuietly(files);
        if (storage != null) {
            storage.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static void stopQuietly(AbstractLifeCycle part) {
        if (part == null) {
            return;
        }
        try {
            part.stop();
        } catch (Exception e) {
            log.warn("{} did not stop cleanly: {}", part.name(), e.toString());
        }
    }

    /** The store (tests and the admin layer read it). */
    public ChatStore store() {
        return store;
    }

    public ChatService chat() {
        return chat;
    }

    /** The SIP port actually bound. */
    public int sipPort() {
        return sip.port();
    }

    public String nodeUri() {
        return sip.nodeUri();
    }

    /** The file endpoint's bound address. */
    public InetSocketAddress fileAddress() {
        return files.boundAddress();
    }
}
