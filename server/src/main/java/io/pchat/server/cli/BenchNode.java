package io.pchat.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.pchat.client.load.RoomPlan;
import io.pchat.server.admin.AdminSettings;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;
import io.pchat.server.sip.SessionSettings;
import io.pchat.storage.ChatStore;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.pool.PoolEpoch;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.RoomSpec;

/**
 * The node {@code pchat bench} runs against when no {@code --server} is given: the embedded
 * default (H2) in a fresh temporary directory, SIP and files on free loopback ports, the
 * shipped limits except {@code sip.maxConnections} and {@code sip.maxConnectionsPerAddress}, raised to fit the run. Its rooms are created
 * in the store before the run; everything is deleted when it is closed.
 *
 * <p>Also creates a run's rooms in a data directory for a node started separately
 * ({@link #prepare}).
 */
final class BenchNode implements AutoCloseable {
    static final String DOMAIN = "example.com";

    private final Path directory;
    private final ChatNode node;

    private BenchNode(Path directory, ChatNode node) {
        this.directory = directory;
        this.node = node;
    }

    /** Starts a node in a temporary directory with the given rooms (open, in the root category). */
    static BenchNode start(List<RoomPlan> rooms, int sessions) throws Exception {
        Path directory = Files.createTempDirectory("pchat-bench-");
        NodeConfig embedded = NodeConfig.embedded(directory);
        // the generator is the only client: no per-dialog rate limit (--rate max must not meet 503s
        // that a real node would send a flooding client), free ports for SIP, files and admin
        SessionSettings sessionSettings = embedded.sessions().toBuilder().port(0)
                .maxConnections(Math.max(embedded.sessions().maxConnections(), sessions + 100))
                // every simulated user connects from this machine's loopback addresses
                .connectionLimits(embedded.sessions().connectionLimits().withMaxConnectionsPerAddress(
                        Math.max(embedded.sessions().connectionLimits().maxConnectionsPerAddress(), sessions + 100)))
                .maxCommandsPerSecond(1_000_000).build();
        ChatNode node = new ChatNode(embedded.withSessions(sessionSettings).withFilePort(0)
                .withAdmin(AdminSettings.defaults().withPort(0)));
        try {
            node.start();
            createRooms(node.store(), rooms);
        } catch (Exception | Error e) {
            stopQuietly(node);
            TemporaryDirectory.delete(directory, "pchat bench");
            throw e;
        }
        return new BenchNode(directory, node);
    }

    int sipPort() {
        return node.sipPort();
    }

    /** Creates the rooms in the embedded store under {@code dataDirectory} (the node must not be running there). */
    static int prepare(Path dataDirectory, List<RoomPlan> rooms) {
        Path db = dataDirectory.resolve("db");
        try (ChatStore store = ChatStore.open(StorageConfig.embedded(db).build(), new PoolEpoch(1))) {
            return createRooms(store, rooms);
        }
    }

    /** Creates the rooms that do not exist yet; returns how many it created. */
    static int createRooms(ChatStore store, List<RoomPlan> rooms) {
        Category root = store.categories().ensureRoot(DOMAIN);
        int created = 0;
        for (RoomPlan room : rooms) {
            if (store.rooms().byName(room.name()).isEmpty()) {
                store.rooms().create(RoomSpec.named(room.name(), root.id()).withPrivacy(Privacy.OPEN)
                        .withDescription("pchat bench room of " + room.size() + " users"));
                created++;
            }
        }
        return created;
    }

    @Override
    public void close() {
        stopQuietly(node);
        TemporaryDirectory.delete(directory, "pchat bench");
    }

    private static void stopQuietly(ChatNode node) {
        try {
            node.stop();
        } catch (Exception e) {
            System.err.println("pchat bench: the node did not stop cleanly: " + e);
        }
    }

}
