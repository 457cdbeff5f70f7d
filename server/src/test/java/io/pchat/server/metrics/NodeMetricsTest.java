package io.pchat.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.ClientOptions;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;

class NodeMetricsTest {

    @Test
    void aPostShowsUpInSessionsPostsDeliveriesBatchesAndLatencies(@TempDir Path dir) throws Exception {
        NodeConfig embedded = NodeConfig.embedded(dir);
        ChatNode node = new ChatNode(embedded.withSessions(embedded.sessions().toBuilder().port(0).build()).withFilePort(0)
                .withAdmin(io.pchat.server.admin.AdminSettings.defaults().withPort(0)));
        node.start();
        try (ChatClient alice = ChatClient.open(ClientOptions.forUser("sip:alice@example.com")
                .withServer("127.0.0.1", node.sipPort()))) {
            String lobby = node.store().rooms().byName("Lobby").orElseThrow().id();
            RoomUri room = RoomUri.of("example.com", lobby);
            assertThat(alice.join(room).get().isOk()).isTrue();
            var heard = alice.events(); // records from now on
            assertThat(alice.post(room, "counted").get().status()).isEqualTo(200);
            assertThat(heard.nextMessage(java.time.Duration.ofSeconds(5))).isPresent();

            String scrape = node.metrics().scrape();
            assertThat(scrape).contains("pchat_sessions 1.0").contains("pchat_rooms_joined 1.0")
                    .contains("pchat_posts_total 1.0").contains("pchat_deliveries_total 1.0")
                    .contains("pchat_log_batch_size_count 1").contains("pchat_log_commit_latency_seconds_count 1").contains("pchat_fanout_latency_seconds_count 1")
                    .contains("pchat_post_ack_latency_seconds_count 1").contains("pchat_info_answers_total{status=\"200\"}")
                    .contains("pchat_db_connections_active{endpoint=\"primary\"}").contains("jvm_memory_used_bytes");
        } finally {
            node.stop();
        }
    }
}
