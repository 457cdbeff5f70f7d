package io.pchat.storage.replication;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.pool.PoolEpoch;

/**
 * Three database servers (primary, mirror, backup) on loopback and one node with built-in
 * replication writing to them.
 */
final class Cluster implements AutoCloseable {
    final H2Server primaryServer;
    final H2Server mirrorServer;
    final H2Server backupServer;
    final StorageConfig config;
    final Endpoints endpoints;
    final PoolEpoch epoch = new PoolEpoch(1);
    final Replication replication;
    final MessageLog log;

    Cluster(Path dir, Duration shipInterval) throws Exception {
        primaryServer = new H2Server(Files.createDirectories(dir.resolve("dc1-primary")));
        mirrorServer = new H2Server(Files.createDirectories(dir.resolve("dc1-mirror")));
        backupServer = new H2Server(Files.createDirectories(dir.resolve("dc2-backup")));
        config = StorageConfig.builder()
                .primary(EndpointConfig.of(primaryServer.url()).withMaxPoolSize(4))
                .mirror(EndpointConfig.of(mirrorServer.url()).withMaxPoolSize(4))
                .backup(EndpointConfig.of(backupServer.url()).withMaxPoolSize(4))
                .shipInterval(shipInterval)
                .connectionTimeout(Duration.ofSeconds(1))
                .groupCommitMaxBatch(64)
                .build();
        endpoints = Endpoints.open(config);
        ReplicatedLog node = ReplicatedLog.open(endpoints, epoch);
        replication = node.replication();
        log = node.log();
        // the first catch-up and the first (empty) ship pass run at start: let them finish
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> replication.mirrorState() == MirrorState.IN_SYNC
                        && replication.backupStatus().orElseThrow().shippedAsOf() != null);
    }

    Database primary() {
        return endpoints.primary();
    }

    Database mirror() {
        return endpoints.mirror().orElseThrow();
    }

    Database backup() {
        return endpoints.backup().orElseThrow();
    }

    /** Appends {@code count} messages to {@code room} one after the other; returns them as acknowledged. */
    List<StoredMessage> post(String room, int count) {
        List<StoredMessage> acked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            acked.add(log.append(io.pchat.storage.log.NewMessage.chat(room, "sip:a@x", room + " #" + i)).join());
        }
        return acked;
    }

    /** Every message on an endpoint, by room, in msgid order. */
    static Map<String, List<StoredMessage>> contents(Database db) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + MessageRows.COLUMNS + " FROM chat_message ORDER BY room_id, msgid");
                    ResultSet rs = s.executeQuery()) {
                Map<String, List<StoredMessage>> out = new HashMap<>();
                while (rs.next()) {
                    StoredMessage m = MessageRows.message(rs);
                    out.computeIfAbsent(m.roomId(), r -> new ArrayList<>()).add(m);
                }
                return out;
            }
        });
    }

    static void execute(Database db, String sql) {
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void close() {
        replication.close();
        log.close();
        endpoints.close();
        backupServer.close();
        mirrorServer.close();
        primaryServer.close();
    }
}
