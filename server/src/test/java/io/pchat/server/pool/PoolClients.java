package io.pchat.server.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.pchat.client.ChatClient;
import io.pchat.client.ClientOptions;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.drill.DrillPool;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.room.Room;

/**
 * Plain chat clients on the nodes of a {@link DrillPool}, closed together, and what the pool
 * stored: the pool tests' shared fixture. Every wait is bounded by {@link #WAIT}.
 */
final class PoolClients implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    private final DrillPool pool;
    private final List<ChatClient> clients = new ArrayList<>();

    PoolClients(DrillPool pool) {
        this.pool = pool;
    }

    /** A client of {@code user} connected to the node {@code node} (it follows a 302 as any client). */
    ChatClient connect(String user, String node) throws Exception {
        var member = pool.members().stream().filter(m -> m.id().equals(node)).findFirst().orElseThrow();
        ChatClient c = ChatClient.open(ClientOptions.forUser(user).withServer("127.0.0.1", member.sip().getPort())
                .withCommandTimeout(WAIT).withConnectTimeout(WAIT));
        clients.add(c);
        return c;
    }

    /** The room every new pool has. */
    RoomUri lobby(String node) {
        Room room = pool.node(node).store().rooms().byName("Lobby").orElseThrow();
        return RoomUri.of(DrillPool.DOMAIN, room.id());
    }

    /** The room's stored messages (up to 500), read through {@code node}'s store. */
    List<StoredMessage> stored(String node, RoomUri room) throws Exception {
        return pool.node(node).store().history().last(room.id(), 500).get();
    }

    @Override
    public void close() {
        clients.forEach(ChatClient::close);
    }
}
