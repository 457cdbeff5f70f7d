package io.pchat.server.admin;

import static io.pchat.server.admin.AdminTestNode.json;
import static io.pchat.server.admin.AdminTestNode.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatEvent;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.admin.AdminTestNode.Answer;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomType;

/** {@code /rooms}: create, list, show, update, disable, roles, delete; what joined users hear. */
class RoomResourceTest {

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

    private static Room stored(String name) {
        return node.store().rooms().byName(name).orElseThrow();
    }

    @Test
    void createdWithPropertiesAndRolesInTheRootByDefault() throws Exception {
        Answer answer = node.post("/rooms", json("{'name': 'Trading', 'privacy': 'secret', 'type': 'auditorium',"
                + " 'description': 'desk', 'topic': 'rates', 'addin': 'https://addin.example.com/', 'logged': 'off',"
                + " 'members': ['sip:a@example.com'], 'managers': ['sip:m@example.com'], 'presenters': ['sip:p@example.com']}"));
        assertThat(answer.status()).isEqualTo(201);
        JsonNode r = answer.json();
        assertThat(r.get("privacy").asText()).isEqualTo("secret");
        assertThat(r.get("category").asText()).isEqualTo(AdminTestNode.DOMAIN);
        assertThat(r.get("members").toString()).isEqualTo("[\"sip:a@example.com\",\"sip:m@example.com\"]");
        assertThat(r.get("managers").toString()).isEqualTo("[\"sip:m@example.com\"]");
        assertThat(r.get("presenters").toString()).isEqualTo("[\"sip:p@example.com\"]");
        assertThat(r.at("/effective/logged").asBoolean()).isFalse();
        Room room = stored("trading");
        assertThat(room.privacy()).isEqualTo(Privacy.SECRET);
        assertThat(room.type()).isEqualTo(RoomType.AUDITORIUM);
        assertThat(room.addinUrl()).contains("https://addin.example.com/");
    }

    @Test
    void aNewMemberIsInvitedWhenInvitationsAreOn() throws Exception {
        node.post("/rooms", json("{'name': 'Invites', 'members': ['sip:invited@example.com']}"));
        assertThat(node.store().invitations().newerThan("sip:invited@example.com", 0, 10))
                .extracting(i -> i.roomId()).containsExactly(stored("Invites").id());
    }

    @Test
    void aTakenNameIs409AndAnUnknownCategory404() throws Exception {
        node.post("/rooms", json("{'name': 'Unique'}"));
        assertThat(node.post("/rooms", json("{'name': 'UNIQUE'}")).status()).isEqualTo(409);
        Answer answer = node.post("/rooms", json("{'name': 'Lost', 'category': 'Nowhere'}"));
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("error").asText()).isEqualTo("category 'Nowhere' not found");
    }

    @Test
    void aBadEnumValueIs400ListingTheChoices() throws Exception {
        Answer answer = node.post("/rooms", json("{'name': 'Odd', 'privacy': 'hidden'}"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText())
                .isEqualTo("field 'privacy' must be one of open, closed, secret, was 'hidden'");
    }

    @Test
    void shownByNameIdOrUriAndUnknownIs404() throws Exception {
        String id = node.post("/rooms", json("{'name': 'Show me'}")).json().get("id").asText();
        assertThat(node.get("/rooms/show%20ME").json().get("id").asText()).isEqualTo(id);
        assertThat(node.get("/rooms/" + id).json().get("name").asText()).isEqualTo("Show me");
        assertThat(node.get("/rooms/ma-chan:%2F%2Fexample.com%2F" + id).status()).isEqualTo(200);
        Answer missing = node.get("/rooms/Nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).isEqualTo("room 'Nope' not found");
    }

    @Test
    void listedWithTheirCategoryAndFilteredByCategory() throws Exception {
        node.post("/categories", json("{'name': 'Listing'}"));
        node.post("/rooms", json("{'name': 'listed-1', 'category': 'Listing'}"));
        JsonNode all = node.get("/rooms").json().get("rooms");
        assertThat(all.findValuesAsText("name")).contains("Lobby", "listed-1");
        JsonNode some = node.get("/rooms?category=Listing").json().get("rooms");
        assertThat(some.findValuesAsText("name")).containsExactly("listed-1");
        assertThat(some.get(0).get("category").asText()).isEqualTo("Listing");
    }

    @Test
    void anUpdateChangesOnlyWhatItGivesAndReplacesRoleLists() throws Exception {
        node.post("/rooms", json("{'name': 'Change', 'topic': 'old', 'members': ['sip:a@example.com', 'sip:b@example.com'],"
                + " 'managers': ['sip:m@example.com']}"));
        Answer answer = node.patch("/rooms/Change", json("{'privacy': 'open', 'members': ['sip:b@example.com', '@partner.com']}"));
        assertThat(answer.status()).isEqualTo(200);
        Room room = stored("Change");
        assertThat(room.privacy()).isEqualTo(Privacy.OPEN);
        assertThat(room.topic()).isEqualTo("old");
        assertThat(node.store().rooms().roles(room.id()).members())
                .containsExactlyInAnyOrder("sip:b@example.com", "@partner.com", "sip:m@example.com");
    }

    @Test
    void rolesAreAddedAndRemovedOneByOne() throws Exception {
        node.post("/rooms", json("{'name': 'Roles'}"));
        Answer added = node.patch("/rooms/Roles/roles", json("{'add': {'managers': ['sip:boss@example.com'],"
                + " 'presenters': ['sip:talker@example.com']}}"));
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().get("changed").asInt()).isEqualTo(2);
        assertThat(added.json().get("members").toString()).contains("sip:boss@example.com");
        Answer removed = node.patch("/rooms/Roles/roles", json("{'remove': {'members': ['sip:boss@example.com']}}"));
        assertThat(removed.json().get("managers")).isEmpty();
        assertThat(removed.json().get("presenters").toString()).contains("sip:talker@example.com");
        assertThat(node.patch("/rooms/Roles/roles", json("{}")).status()).isEqualTo(400);
        assertThat(node.patch("/rooms/Roles/roles", json("{'add': {'owners': []}}")).json().get("error").asText())
                .contains("unknown field 'add.owners'");
    }

    @Test
    void joinedUsersHearTheChangeAndADisabledRoomRefusesPosts() throws Exception {
        String id = node.post("/rooms", json("{'name': 'Live', 'privacy': 'open'}")).json().get("id").asText();
        ChatClient alice = node.connect(user("alice"));
        alice.events(); // hear from now on
        RoomUri uri = RoomUri.of(AdminTestNode.DOMAIN, id);
        assertThat(alice.join(uri).get(10, TimeUnit.SECONDS).isOk()).isTrue();
        assertThat(node.patch("/rooms/Live", json("{'topic': 'news'}")).status()).isEqualTo(200);
        Optional<ChatEvent.NoticeReceived> notice = alice.events().next(ChatEvent.NoticeReceived.class,
                n -> n.notice().name().equals("roomchanged") && n.notice().toString().contains(id),
                Duration.ofSeconds(10));
        assertThat(notice).isPresent();

        Answer disabled = node.patch("/rooms/Live", json("{'disabled': true}"));
        assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
        alice.events().next(ChatEvent.NoticeReceived.class, n -> true, Duration.ofSeconds(10));
        assertThat(alice.post(uri, "still here?").get(10, TimeUnit.SECONDS).status()).isEqualTo(403);
    }

    @Test
    void aDeletedRoomIsGone() throws Exception {
        node.post("/rooms", json("{'name': 'Doomed'}"));
        assertThat(node.delete("/rooms/doomed").status()).isEqualTo(204);
        assertThat(node.store().rooms().byName("Doomed")).isEmpty();
        assertThat(node.delete("/rooms/doomed").status()).isEqualTo(404);
    }
}
