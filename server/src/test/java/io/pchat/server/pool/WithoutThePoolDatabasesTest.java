package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.pchat.client.ChatClient;
import io.pchat.client.ClientOptions;
import io.pchat.client.SessionRefusedException;
import io.pchat.server.cli.admin.AdminClient;
import io.pchat.server.drill.DrillPool;
import io.pchat.server.node.ChatNode;

/**
 * When a data center's databases are all gone, its nodes know nothing current of the pool: they
 * neither send clients to each other (each would redirect to the other, whose lease it last saw)
 * nor fail to tell an operator what they know.
 */
class WithoutThePoolDatabasesTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    DrillPool pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void nodesThatCannotReadThePoolRecordAnswer503InsteadOfRedirectingToEachOtherAndStillShowThePool() throws Exception {
        pool = new DrillPool(dir, new DrillPool.Shape(2, 1, Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofMillis(2000), Duration.ofSeconds(30), Duration.ofMillis(500))).start();
        ChatNode n1 = pool.node("dc1-n1");
        ChatNode n2 = pool.node("dc1-n2");
        await().atMost(WAIT).until(() -> n1.pool().view().liveActive().size() == 2 && n2.pool().view().liveActive().size() == 2);

        pool.killDatabase("primary");
        pool.killDatabase("mirror");
        pool.killDatabase("backup");
        await().atMost(WAIT).until(() -> !n1.pool().view().selfActive() && !n2.pool().view().selfActive());

        for (ChatNode node : new ChatNode[] {n1, n2}) {
            ClientOptions options = ClientOptions.forUser("sip:carol@example.com").withServer("127.0.0.1", node.sipPort())
                    .withConnectTimeout(Duration.ofSeconds(10)).withCommandTimeout(Duration.ofSeconds(10));
            assertThatThrownBy(() -> ChatClient.open(options).close())
                    .as("a node that cannot read the pool record redirects nowhere")
                    .isInstanceOfSatisfying(SessionRefusedException.class, e -> assertThat(e.status()).isEqualTo(503));
        }

        String token = Files.readString(dir.resolve("node-dc1-n1").resolve("admin.token")).strip();
        AdminClient admin = new AdminClient(URI.create("http://" + n1.adminAddress().getHostString() + ":"
                + n1.adminAddress().getPort()), Optional.of(token));
        JsonNode shown = admin.get("/pool").json();
        assertThat(shown.path("writerProblem").asText()).contains("primary");
        assertThat(shown.path("role").asText()).isEqualTo("idle");
        assertThat(shown.path("endpoints")).hasSize(3).allSatisfy(e -> assertThat(e.path("reachable").asBoolean()).isFalse());
    }
}
