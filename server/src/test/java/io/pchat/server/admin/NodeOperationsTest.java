package io.pchat.server.admin;

import static io.pchat.server.admin.AdminTestNode.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.pchat.server.admin.AdminTestNode.Answer;
import io.pchat.server.node.NodeConfig.ChatLimits;

/** The persistent chat configuration (saved, applied at the next start) and the shutdown. */
class NodeOperationsTest {

    @Test
    void chatLimitsAreSavedAndTheNextStartRunsWithThem(@TempDir Path dir) throws Exception {
        try (AdminTestNode node = AdminTestNode.start(dir)) {
            JsonNode before = node.get("/config/chat").json();
            assertThat(before.at("/running/defaultChatHistory").asInt()).isEqualTo(30);
            assertThat(before.get("restartRequired").asBoolean()).isFalse();

            Answer answer = node.patch("/config/chat", json("{'defaultChatHistory': 50, 'participantUpdateLimit': 20}"));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().at("/running/defaultChatHistory").asInt()).isEqualTo(30);
            assertThat(answer.json().at("/saved/defaultChatHistory").asInt()).isEqualTo(50);
            assertThat(answer.json().get("restartRequired").asBoolean()).isTrue();
            assertThat(answer.json().get("appliesAt").asText()).isEqualTo("next start");
            assertThat(Files.exists(dir.resolve(ChatLimitsFile.FILE_NAME))).isTrue();
        }
        try (AdminTestNode again = AdminTestNode.start(dir)) {
            JsonNode after = again.get("/config/chat").json();
            assertThat(after.at("/running/defaultChatHistory").asInt()).isEqualTo(50);
            assertThat(after.at("/running/participantUpdateLimit").asInt()).isEqualTo(20);
            assertThat(after.at("/running/searchLimit").asInt()).isEqualTo(ChatLimits.defaults().searchLimit());
            assertThat(after.get("restartRequired").asBoolean()).isFalse();
        }
    }

    @Test
    void anOutOfRangeLimitIs400NamingTheFieldAndNothingIsSaved(@TempDir Path dir) throws Exception {
        try (AdminTestNode node = AdminTestNode.start(dir)) {
            Answer answer = node.patch("/config/chat", json("{'defaultChatHistory': 501}"));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("error").asText())
                    .isEqualTo("field 'defaultChatHistory': must be between 1 and 500, was 501");
            assertThat(node.patch("/config/chat", json("{'searchLimit': 'many'}")).json().get("error").asText())
                    .isEqualTo("field 'searchLimit' must be an integer");
            assertThat(Files.exists(dir.resolve(ChatLimitsFile.FILE_NAME))).isFalse();
        }
    }

    @Test
    void metricsAreServedInPrometheusFormatWithTheToken(@TempDir Path dir) throws Exception {
        try (AdminTestNode node = AdminTestNode.start(dir)) {
            Answer answer = node.call("GET", "/metrics", null);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.contentType()).startsWith("text/plain");
            assertThat(answer.body()).contains("# TYPE pchat_sessions gauge").contains("pchat_posts_total");
        }
    }

    @Test
    void shutdownAnswers202ThenStopsTheNodeInOrder(@TempDir Path dir) throws Exception {
        try (AdminTestNode node = AdminTestNode.start(dir)) {
            Answer answer = node.post("/shutdown", null);
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.json().get("status").asText()).isEqualTo("stopping");
            node.node.stopped().get(10, TimeUnit.SECONDS);
            assertThat(node.node.isRunning()).isFalse();
        }
    }
}
