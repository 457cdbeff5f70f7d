package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.server.admin.AdminSettings;
import io.pchat.server.drill.LoopbackPorts;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;
import io.pchat.server.sip.SessionSettings;
import io.pchat.storage.config.ReplicationMode;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.replication.PostgresStreaming;

/**
 * A pool node on PostgreSQL's own streaming replication ({@code storage.replication: external},
 * the mirror a synchronous standby): when the primary's server is killed, the node's heartbeat
 * takes the mirror over by itself ({@code pg_promote}) and posts are stored again, nothing
 * acknowledged lost.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostgresTakeoverTest {
    @TempDir
    Path dir;

    @Test
    void theNodePromotesTheSynchronousStandbyWhenThePrimaryIsKilledAndLosesNothingAcknowledged() throws Exception {
        try (PostgresStreaming set = PostgresStreaming.start(dir.resolve("pg"))) {
            StorageConfig storage = StorageConfig.builder().replication(ReplicationMode.EXTERNAL)
                    .primary(PostgresStreaming.endpoint(set.primary)).mirror(PostgresStreaming.endpoint(set.mirror))
                    .connectionTimeout(Duration.ofSeconds(2)).probeTimeout(Duration.ofMillis(500)).build();
            int sipPort = LoopbackPorts.free();
            int linkPort = LoopbackPorts.free();
            PoolMember self = new PoolMember("dc1-n1", "dc1", new InetSocketAddress("127.0.0.1", sipPort),
                    new InetSocketAddress("127.0.0.1", linkPort));
            PoolSettings pool = new PoolSettings(List.of(self), Duration.ofMillis(200), Duration.ofSeconds(2),
                    Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ZERO, "127.0.0.1", linkPort, false, Optional.empty());
            NodeConfig config = NodeConfig.embedded(dir.resolve("node")).withStorage(storage)
                    .withSessions(SessionSettings.builder().port(sipPort).nodeName("dc1-n1").domain("example.com").build())
                    .withFilePort(0).withAdmin(AdminSettings.defaults().withPort(0)).withPool(pool);
            ChatNode node = new ChatNode(config);
            node.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> node.pool().view().selfActive());
                assertThat(node.store().replication().promotesStandby()).isTrue();
                List<StoredMessage> acked = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    acked.add(node.store().messageLog().append(NewMessage.chat("room-" + (i % 2), "sip:a@x", "m" + i)).join());
                }

                PostgresStreaming.kill(set.primary);

                await().atMost(Duration.ofSeconds(30)).until(() -> node.pool().view().writer() == EndpointRole.MIRROR);
                StoredMessage after = await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> node.store()
                        .messageLog().append(NewMessage.chat("room-0", "sip:a@x", "after the takeover")).join(), m -> true);
                assertThat(after.msgid()).isEqualTo(21);
                List<StoredMessage> onMirror = new ArrayList<>();
                for (String room : List.of("room-0", "room-1")) {
                    for (LogRow row : node.store().endpoints().mirror().orElseThrow()
                            .inTransaction(c -> MessageRows.readAfter(c, room, 0, Integer.MAX_VALUE))) {
                        onMirror.add(row.message());
                    }
                }
                assertThat(onMirror).as("every acknowledged message, on the promoted mirror").containsAll(acked);
            } finally {
                node.stop();
            }
        }
    }
}
