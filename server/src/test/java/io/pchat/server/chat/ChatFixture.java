package io.pchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.pchat.protocol.xccos.Bcq;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Command;
import io.pchat.protocol.xccos.DataBlock;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.protocol.xccos.EnvelopeItem;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.fanout.EnvelopeIds;
import io.pchat.server.session.InfoVerdict;
import io.pchat.storage.ChatStore;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.log.HistoryCache;
import io.pchat.storage.log.LogReplica;
import io.pchat.storage.log.MessageHistory;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.pool.PoolEpoch;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRole;
import io.pchat.storage.room.RoomSpec;

/**
 * A chat node's command layer on a fresh in-memory H2 database, with real storage, message log
 * and history, two event loops, and fake dialogs ({@link FakeClientSession}) to drive it. Every
 * wait is bounded.
 */
final class ChatFixture implements AutoCloseable {
    static final String DOMAIN = "example.com";
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final AtomicInteger NAMES = new AtomicInteger();

    final ChatSettings settings;
    final StorageConfig storageConfig;
    final ChatStore store;
    final HistoryCache cache;
    final MessageLog log;
    final MessageHistory history;
    final StorageExecutor storage;
    final ChatService service;
    final Category root;
    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
    private final AtomicLong clientEnvids = new AtomicLong(1000);
    private final AtomicLong clientSeqids = new AtomicLong();
    private int nextLoop;

    ChatFixture() {
        this(s -> s, s -> s);
    }

    ChatFixture(UnaryOperator<ChatSettings.Builder> chat, UnaryOperator<StorageConfig.Builder> storageSettings) {
        this(chat, storageSettings, new StorageExecutor(4, 1000));
    }

    ChatFixture(UnaryOperator<ChatSettings.Builder> chat, UnaryOperator<StorageConfig.Builder> storageSettings,
            StorageExecutor storage) {
        settings = chat.apply(ChatSettings.builder(URI.create("https://127.0.0.1:8443/files"))).build();
        storageConfig = storageSettings.apply(StorageConfig.builder()
                .primary(EndpointConfig.of("jdbc:h2:mem:chat" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1"))
                .connectionTimeout(Duration.ofSeconds(2))).build();
        PoolEpoch epoch = new PoolEpoch(1);
        store = ChatStore.open(storageConfig, epoch);
        cache = HistoryCache.of(storageConfig);
        log = MessageLog.open(store.endpoints(), epoch, cache, LogReplica.NONE);
        history = MessageHistory.open(store.endpoints(), cache, 2);
        this.storage = storage;
        root = store.categories().ensureRoot(DOMAIN);
        service = new ChatService(settings, store, log, history, storage, () -> "sip:node1@" + DOMAIN,
                Clock.systemUTC(), new EnvelopeIds(1), PooledByteBufAllocator.DEFAULT);
    }

    /** A user URI no other test uses. */
    static String user(String name) {
        return "sip:" + name + NAMES.incrementAndGet() + "@" + DOMAIN;
    }

    /** A unique room name. */
    static String name(String base) {
        return base + "-" + NAMES.incrementAndGet();
    }

    /** A dialog of {@code user}, started; dialogs alternate between the two event loops. */
    FakeClientSession connect(String user) {
        EventLoop loop = loopFor(nextLoop++);
        FakeClientSession session = new FakeClientSession(user, loop);
        onLoop(session, () -> service.onSessionStarted(session));
        return session;
    }

    /** A dialog of {@code user} on the given loop (0 or 1). */
    FakeClientSession connect(String user, int loopIndex) {
        FakeClientSession session = new FakeClientSession(user, loopFor(loopIndex));
        onLoop(session, () -> service.onSessionStarted(session));
        return session;
    }

    private EventLoop loopFor(int i) {
        var it = loops.iterator();
        EventLoop first = (EventLoop) it.next();
        EventLoop second = (EventLoop) it.next();
        return i % 2 == 0 ? first : second;
    }

    void end(FakeClientSession session) {
        session.end("bye");
        onLoop(session, () -> service.onSessionEnded(session, "bye"));
    }

    /** Hands one envelope of these items to the service, on the dialog's loop; its verdict. */
    CompletionStage<InfoVerdict> send(FakeClientSession session, EnvelopeItem... items) {
        return send(session, clientEnvids.incrementAndGet(), items);
    }

    CompletionStage<InfoVerdict> send(FakeClientSession session, long envid, EnvelopeItem... items) {
        Envelope envelope = Envelope.of(envid, Arrays.asList(items));
        try {
            return session.eventLoop().submit(() -> service.onEnvelope(session, envelope)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    Command command(String name, DataBlock... data) {
        return Command.of(name, clientSeqids.incrementAndGet(), data);
    }

    /** Sends one command and waits for its reply. */
    Reply call(FakeClientSession session, String name, DataBlock... data) {
        Command command = command(name, data);
        long envid = clientEnvids.incrementAndGet();
        send(session, envid, command);
        await().atMost(WAIT).until(() -> session.reply(command.seqid(), envid).isPresent());
        return session.reply(command.seqid(), envid).orElseThrow();
    }

    /** Posts and waits for the INFO verdict. */
    InfoVerdict post(FakeClientSession session, Room room, String text) {
        return post(session, GroupChat.post(clientSeqids.incrementAndGet(), uri(room), session.user(),
                java.time.Instant.now(), text));
    }

    InfoVerdict post(FakeClientSession session, GroupChat chat) {
        try {
            return send(session, chat).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    Reply join(FakeClientSession session, Room room) {
        return call(session, "join", RoomUri.of(DOMAIN, room.id()).toChanid("0"));
    }

    Reply joined(FakeClientSession session, Room room) {
        Reply reply = join(session, room);
        assertThat(reply.resp().code()).as("join %s", room.name()).isEqualTo(200);
        return reply;
    }

    Reply bccontext(FakeClientSession session, Room room, Bcq bcq) {
        return call(session, "bccontext", Chanib.of(uri(room)), bcq);
    }

    Room room(String base, Privacy privacy, String... managers) {
        return store.rooms().create(RoomSpec.named(name(base), root.id()).withPrivacy(privacy), List.of(managers));
    }

    Room room(RoomSpec spec, String... managers) {
        return store.rooms().create(spec, List.of(managers));
    }

    RoomSpec spec(String base) {
        return RoomSpec.named(name(base), root.id());
    }

    void member(Room room, String user) {
        store.rooms().addRole(room.id(), RoomRole.MEMBER, user, "sip:admin@" + DOMAIN);
    }

    /** The kinds of the compliance events recorded for {@code user}, oldest first. */
    List<String> complianceKinds(String user) {
        return store.endpoints().read(c -> Jdbc.list(c, "SELECT kind FROM compliance_event WHERE user_uri = ? ORDER BY ts",
                rs -> rs.getString(1), user));
    }

    /** The texts stored in a room's log, by msgid. */
    List<String> storedTexts(Room room) {
        return store.endpoints().read(c -> Jdbc.list(c, "SELECT body FROM chat_message WHERE room_id = ? ORDER BY msgid",
                rs -> rs.getString(1), room.id()));
    }

    static String uri(Room room) {
        return RoomUri.of(DOMAIN, room.id()).toString();
    }

    private static void onLoop(FakeClientSession session, Runnable work) {
        try {
            session.eventLoop().submit(work).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        storage.close();
        history.close();
        log.close();
        store.close();
    }
}
