package io.pchat.server.admin;

import static io.pchat.server.admin.AdminTestNode.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.server.admin.AdminTestNode.Answer;
import io.pchat.storage.user.DigestAlgorithm;

/** {@code /users}: add, list in pages, enable/disable, passwords (stored as HA1 for the realm), remove. */
class UserResourceTest {

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
    void addedEnabledWithAPasswordStoredAsHa1ForTheDomainRealm() throws Exception {
        Answer answer = node.post("/users", json("{'uri': 'sip:Alice@example.com', 'displayName': 'Alice', 'password': 's3cret'}"));
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("uri").asText()).isEqualTo("sip:alice@example.com");
        assertThat(answer.json().get("enabled").asBoolean()).isTrue();
        assertThat(answer.json().get("hasPassword").asBoolean()).isTrue();
        assertThat(answer.body()).doesNotContain("s3cret");
        assertThat(node.store().users().ha1("sip:alice@example.com", DigestAlgorithm.SHA_256).orElseThrow().realm())
                .isEqualTo("example.com");
    }

    @Test
    void aUserAddedTwiceIs409AndABadUriIs400() throws Exception {
        node.post("/users", json("{'uri': 'sip:twice@example.com'}"));
        assertThat(node.post("/users", json("{'uri': 'sip:TWICE@example.com'}")).status()).isEqualTo(409);
        assertThat(node.post("/users", json("{'uri': 'twice'}")).status()).isEqualTo(400);
    }

    @Test
    void anEmptyPasswordIsRefused400AndTheUserIsNotAdded() throws Exception {
        Answer answer = node.post("/users", json("{'uri': 'sip:empty@example.com', 'password': ''}"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("empty password is refused");
        assertThat(node.get("/users/sip:empty@example.com").status()).isEqualTo(404);
    }

    @Test
    void disabledAndEnabledAgain() throws Exception {
        node.post("/users", json("{'uri': 'sip:toggle@example.com'}"));
        assertThat(node.patch("/users/sip:toggle@example.com", json("{'enabled': false}")).json().get("enabled").asBoolean())
                .isFalse();
        assertThat(node.store().users().get("sip:toggle@example.com").orElseThrow().enabled()).isFalse();
        assertThat(node.patch("/users/sip:toggle@example.com", json("{'enabled': true}")).json().get("enabled").asBoolean())
                .isTrue();
    }

    @Test
    void aPasswordIsSetAndClearedWithAnEmptyOne() throws Exception {
        node.post("/users", json("{'uri': 'sip:pw@example.com'}"));
        assertThat(node.patch("/users/sip:pw@example.com", json("{'password': 'x'}")).json().get("hasPassword").asBoolean())
                .isTrue();
        assertThat(node.patch("/users/sip:pw@example.com", json("{'password': ''}")).json().get("hasPassword").asBoolean())
                .isFalse();
    }

    @Test
    void listedByUriInPages() throws Exception {
        for (String name : new String[] {"page-a", "page-b", "page-c"}) {
            node.post("/users", json("{'uri': 'sip:" + name + "@paging.com'}"));
        }
        Answer first = node.get("/users?after=sip:page&limit=2");
        assertThat(first.json().get("users").findValuesAsText("uri")).containsExactly("sip:page-a@paging.com",
                "sip:page-b@paging.com");
        assertThat(first.json().get("next").asText()).isEqualTo("sip:page-b@paging.com");
        assertThat(node.get("/users?limit=0").status()).isEqualTo(400);
    }

    @Test
    void disablingAUserWhoOnlyChatsAddsThemDisabledAndOtherChangesSayHowToAddThem() throws Exception {
        Answer disabled = node.patch("/users/sip:chatter@example.com", json("{'enabled': false}"));
        Answer renamed = node.patch("/users/sip:stranger@example.com", json("{'displayName': 'S'}"));

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(node.get("/users/sip:chatter@example.com").json().get("enabled").asBoolean()).isFalse();
        assertThat(renamed.status()).isEqualTo(404);
        assertThat(renamed.body()).contains("not in the user directory").contains("pchat admin user add sip:stranger@example.com");
    }

    @Test
    void anUnknownUserIs404AndARemovedOneIsGone() throws Exception {
        assertThat(node.get("/users/sip:nobody@example.com").status()).isEqualTo(404);
        node.post("/users", json("{'uri': 'sip:leaving@example.com'}"));
        assertThat(node.delete("/users/sip:leaving@example.com").status()).isEqualTo(204);
        assertThat(node.get("/users/sip:leaving@example.com").status()).isEqualTo(404);
    }
}
