package io.pchat.server.admin;

import static io.pchat.server.admin.AdminTestNode.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.pchat.server.admin.AdminTestNode.Answer;

/** Who may call the admin API, and how a call that is not understood is answered. */
class AdminAccessTest {

    @TempDir
    static Path dir;
    static AdminTestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = AdminTestNode.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void firstStartGeneratesAnOwnerOnlyTokenInTheDataDirectory() throws Exception {
        assertThat(node.token()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Files.getPosixFilePermissions(node.tokenFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aCallWithoutTokenIsRefused401AsJson() throws Exception {
        Answer answer = node.call("GET", "/rooms", null, null);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(401);
        assertThat(answer.json().get("error").asText()).contains("Bearer");
    }

    @Test
    void aWrongTokenIsRefused401() throws Exception {
        assertThat(node.call("GET", "/rooms", null, "Bearer " + node.token() + "x").status()).isEqualTo(401);
        assertThat(node.call("GET", "/rooms", null, "Basic " + node.token()).status()).isEqualTo(401);
    }

    @Test
    void theRightTokenIsAccepted() throws Exception {
        assertThat(node.get("/rooms").status()).isEqualTo(200);
    }

    @Test
    void anUnknownPathIsRefusedOnlyAfterTheToken() throws Exception {
        assertThat(node.call("GET", "/nothing", null, null).status()).isEqualTo(401);
        Answer answer = node.get("/nothing");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("error").asText()).contains("/nothing");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405() throws Exception {
        Answer answer = node.call("DELETE", "/rooms", null);
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.json().get("error").asText()).contains("GET", "POST");
    }

    @Test
    void badJsonIs400() throws Exception {
        Answer answer = node.post("/rooms", "{\"name\": ");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).contains("not valid JSON");
    }

    @Test
    void anUnknownFieldIs400NamingIt() throws Exception {
        Answer answer = node.post("/rooms", json("{'name': 'Typo', 'privcy': 'open'}"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).contains("unknown field 'privcy'");
    }

    @Test
    void aBodyOverTheLimitIsRefused413() throws Exception {
        String big = "{\"name\": \"" + "x".repeat(AdminServer.MAX_BODY) + "\"}";
        assertThat(node.post("/rooms", big).status()).isEqualTo(413);
    }

    @Test
    void healthNeedsNoTokenAndTellsRoleEpochAndDatabase() throws Exception {
        Answer answer = node.call("GET", "/health", null, null);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode health = answer.json();
        assertThat(health.get("live").asBoolean()).isTrue();
        assertThat(health.get("ready").asBoolean()).isTrue();
        assertThat(health.get("role").asText()).isEqualTo("active");
        assertThat(health.get("poolState").asText()).isEqualTo("NORMAL");
        assertThat(health.get("epoch").asLong()).isPositive();
        assertThat(health.at("/database/endpoint").asText()).isEqualTo("primary");
        assertThat(health.at("/database/dialect").asText()).isEqualTo("H2");
        assertThat(health.at("/database/reachable").asBoolean()).isTrue();
        assertThat(health.get("domain").asText()).isEqualTo(AdminTestNode.DOMAIN);
    }

    @Test
    void onlyGetHealthIsOpen() throws Exception {
        assertThat(node.call("POST", "/shutdown", null, null).status()).isEqualTo(401);
        assertThat(node.node.isRunning()).isTrue();
    }

    @Test
    void aConfiguredTokenIsUsedAndNoFileIsWritten(@TempDir Path other) throws Exception {
        String token = "configured-token-0123456789";
        try (AdminTestNode configured = AdminTestNode.start(other,
                c -> c.withAdmin(c.admin().withToken(token)))) {
            assertThat(Files.exists(configured.tokenFile())).isFalse();
            assertThat(configured.call("GET", "/rooms", null, "Bearer " + token).status()).isEqualTo(200);
            assertThat(configured.call("GET", "/rooms", null, "Bearer " + node.token()).status()).isEqualTo(401);
        }
    }
}
