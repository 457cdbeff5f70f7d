package io.pchat.server.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import io.pchat.client.ChatClient;
import io.pchat.client.ClientOptions;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;
import io.pchat.server.sip.SessionSettings;
import io.pchat.storage.ChatStore;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomSpec;

/**
 * A real {@link ChatNode} on free loopback ports over an H2 file in a test's temporary
 * directory, with helpers to connect {@link ChatClient}s to it and to read what it stored.
 * Every wait is bounded.
 */
final class TestNode implements AutoCloseable {
    static final String DOMAIN = "example.com";
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger NAMES = new AtomicInteger();

    final Path dir;
    final NodeConfig config;
    final ChatNode node;
    private final List<ChatClient> clients = new ArrayList<>();

    private TestNode(Path dir, NodeConfig config) throws Exception {
        this.dir = dir;
        this.config = config;
        this.node = new ChatNode(config);
        node.start();
    }

    /** The embedded node on port 0 with a 50 ms timer sweep. */
    static NodeConfig config(Path dir) {
        return NodeConfig.embedded(dir).withSessions(sessions().build()).withFilePort(0).withAdmin(io.pchat.server.admin.AdminSettings.defaults().withPort(0));
    }

    static SessionSettings.Builder sessions() {
        // tests post as fast as they can: the per-dialog command rate limit has its own tests
        return SessionSettings.builder().port(0).timerTick(Duration.ofMillis(50)).maxCommandsPerSecond(100_000);
    }

    static TestNode start(Path dir) throws Exception {
        return start(dir, c -> c);
    }

    static TestNode start(Path dir, UnaryOperator<NodeConfig> tune) throws Exception {
        return new TestNode(dir, tune.apply(config(dir)));
    }

    ChatStore store() {
        return node.store();
    }

    ClientOptions options(String user) {
        return ClientOptions.forUser(user).withServer("127.0.0.1", node.sipPort())
                .withCommandTimeout(WAIT).withConnectTimeout(WAIT);
    }

    /** A connected client, closed with the node. */
    ChatClient connect(String user) throws IOException, InterruptedException {
        return connect(options(user));
    }

    ChatClient connect(ClientOptions options) throws IOException, InterruptedException {
        ChatClient client = ChatClient.open(options);
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    static String user(String name) {
        return "sip:" + name + "@" + DOMAIN;
    }

    /** A user name not used before in this JVM (rooms and users are shared by a class's tests). */
    static String unique(String prefix) {
        return prefix + NAMES.incrementAndGet();
    }

    Category root() {
        return store().categories().root().orElseThrow();
    }

    Room lobbyRoom() {
        return store().rooms().byName("Lobby").orElseThrow();
    }

    RoomUri lobby() {
        return uri(lobbyRoom());
    }

    Room createRoom(UnaryOperator<RoomSpec> spec) {
        return store().rooms().create(spec.apply(RoomSpec.named(unique("room-"), root().id())));
    }

    static RoomUri uri(Room room) {
        return RoomUri.of(DOMAIN, room.id());
    }

    /** Every message the store holds for the room (up to 500), oldest first, read from the database. */
    List<StoredMessage> stored(Room room) throws Exception {
        return stored(room.id());
    }

    List<StoredMessage> stored(String roomId) throws Exception {
        return store().history().last(roomId, 500).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    List<String> storedTexts(Room room) throws Exception {
        return stored(room).stream().map(StoredMessage::text).toList();
    }

    /** Whether a dialog of {@code user} is joined to {@code room} on the node now. */
    boolean joined(Room room, String user) {
        var live = node.chat().liveRooms().room(room.id());
        return live != null && live.participants().stream().anyMatch(p -> p.user().equalsIgnoreCase(user));
    }

    void assertNotJoined(Room room, String user) {
        assertThat(joined(room, user)).as(user + " joined to " + room.name()).isFalse();
    }

    /** Compliance events of {@code kind} the store holds for the user in the room. */
    long complianceEvents(String kind, String user, Room room) {
        return store().endpoints().read(c -> {
            try (var st = c.prepareStatement(
                    "SELECT COUNT(*) FROM compliance_event WHERE kind = ? AND user_uri = ? AND room_id = ?")) {
                st.setString(1, kind);
                st.setString(2, user);
                st.setString(3, room.id());
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public void close() throws Exception {
        List<ChatClient> all;
        synchronized (clients) {
            all = new ArrayList<>(clients);
        }
        all.parallelStream().forEach(ChatClient::close);
        node.stop();
    }
}
