package io.pchat.server.admin;

import static io.pchat.server.admin.AdminTestNode.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.pchat.server.admin.AdminTestNode.Answer;
import io.pchat.storage.room.Category;

/** {@code /categories}: create, list, show, update (lists replace), delete, and the refusals. */
class CategoryResourceTest {

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
    void createdWithItsListsAndDefaults() throws Exception {
        Answer answer = node.post("/categories", json("{'name': 'Sales', 'description': 'deals', 'logged': false,"
                + " 'allowed': ['@example.com'], 'denied': ['sip:Eve@example.com'], 'creators': ['sip:ann@example.com']}"));
        assertThat(answer.status()).isEqualTo(201);
        JsonNode c = answer.json();
        assertThat(c.get("name").asText()).isEqualTo("Sales");
        assertThat(c.get("uri").asText()).isEqualTo("ma-cat://example.com/" + c.get("id").asText());
        assertThat(c.get("logged").asBoolean()).isFalse();
        assertThat(c.get("invitations").asBoolean()).isTrue();
        assertThat(c.get("allowed").toString()).isEqualTo("[\"@example.com\"]");
        assertThat(c.get("denied").toString()).isEqualTo("[\"sip:eve@example.com\"]");
        Category stored = node.store().categories().get(c.get("id").asText()).orElseThrow();
        assertThat(stored.creators()).containsExactly("sip:ann@example.com");
    }

    @Test
    void aTakenNameIs409() throws Exception {
        assertThat(node.post("/categories", json("{'name': 'Twice'}")).status()).isEqualTo(201);
        Answer again = node.post("/categories", json("{'name': 'TWICE'}"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).contains("already exists");
    }

    @Test
    void aMissingNameIs400NamingTheField() throws Exception {
        Answer answer = node.post("/categories", json("{'description': 'x'}"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("field 'name' is required");
    }

    @Test
    void aBadPrincipalIs400NamingTheList() throws Exception {
        Answer answer = node.post("/categories", json("{'name': 'Bad', 'allowed': ['alice']}"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).startsWith("field 'allowed'");
    }

    @Test
    void listedRootFirstAndShownByNameInAnyCase() throws Exception {
        node.post("/categories", json("{'name': 'Listed'}"));
        JsonNode list = node.get("/categories").json().get("categories");
        assertThat(list.get(0).get("root").asBoolean()).isTrue();
        assertThat(list.findValuesAsText("name")).contains("Listed");
        assertThat(node.get("/categories/lISTED").json().get("name").asText()).isEqualTo("Listed");
        assertThat(node.get("/categories/nowhere").status()).isEqualTo(404);
    }

    @Test
    void anUpdateChangesWhatItGivesAndReplacesTheListsItGives() throws Exception {
        String id = node.post("/categories", json("{'name': 'Ops', 'allowed': ['@a.com', '@b.com'],"
                + " 'creators': ['sip:c@a.com']}")).json().get("id").asText();
        Answer answer = node.patch("/categories/" + id, json("{'name': 'Operations', 'fileUpload': false,"
                + " 'allowed': ['@b.com', '@c.com']}"));
        assertThat(answer.status()).isEqualTo(200);
        Category stored = node.store().categories().get(id).orElseThrow();
        assertThat(stored.name()).isEqualTo("Operations");
        assertThat(stored.fileUpload()).isFalse();
        assertThat(stored.invitations()).isTrue();
        assertThat(stored.allowed()).containsExactlyInAnyOrder("@b.com", "@c.com");
        assertThat(stored.creators()).containsExactly("sip:c@a.com");
    }

    @Test
    void aCategoryWithRoomsCannotBeDeleted409() throws Exception {
        node.post("/categories", json("{'name': 'Busy'}"));
        node.post("/rooms", json("{'name': 'busy-room', 'category': 'Busy'}"));
        Answer answer = node.delete("/categories/Busy");
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("error").asText()).contains("still holds 1 room");
    }

    @Test
    void theRootCannotBeDeleted409() throws Exception {
        String root = node.store().categories().root().orElseThrow().id();
        assertThat(node.delete("/categories/" + root).status()).isEqualTo(409);
    }

    @Test
    void anEmptyCategoryIsDeletedThenGone() throws Exception {
        node.post("/categories", json("{'name': 'Short lived'}"));
        assertThat(node.delete("/categories/Short%20lived").status()).isEqualTo(204);
        assertThat(node.delete("/categories/Short%20lived").status()).isEqualTo(404);
    }
}
