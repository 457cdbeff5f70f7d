package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.ChattingTest.joined;
import static io.pchat.server.node.e2e.ChattingTest.ok;
import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatMessage;
import io.pchat.client.CommandResult;
import io.pchat.client.JoinedRoom;
import io.pchat.client.PostResult;
import io.pchat.client.RoomSummary;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.CategoryPrincipalKind;
import io.pchat.storage.room.CategorySettings;
import io.pchat.storage.room.Inheritable;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRole;
import io.pchat.storage.room.RoomType;

/**
 * The room rules of docs/storage.md "Access rules" end to end: each refusal comes with its code (XCCOS result
 * code for commands, SIP status for posts) and leaves no trace: no live participant, no JOIN
 * compliance event, no stored or delivered message.
 */
class PermissionsTest {

    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void aNonMemberCannotJoinAClosedRoom403ButSeesIt() throws Exception {
        Room closed = node.createRoom(s -> s.withPrivacy(Privacy.CLOSED));
        String member = user(TestNode.unique("member"));
        node.store().rooms().addRole(closed.id(), RoomRole.MEMBER, member, member);
        ChatClient outsider = node.connect(user("olga"));

        CommandResult<Optional<JoinedRoom>> refused = outsider.join(TestNode.uri(closed)).get(10, TimeUnit.SECONDS);

        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.resp().text()).isEqualTo("ERROR_PERMISSION");
        assertThat(refused.value()).isEmpty();
        assertNoTrace(closed, outsider);
        assertThat(node.store().rooms().roles(closed.id()).isMember(outsider.user())).isFalse();
        assertThat(names(outsider.searchRooms(closed.name(), false).get(10, TimeUnit.SECONDS).value())).containsExactly(closed.name());
        ChatClient insider = node.connect(member);
        joined(insider, TestNode.uri(closed));
    }

    @Test
    void aSecretRoomIs404ToANonMemberAndAbsentFromSearchAndAssociations() throws Exception {
        Room secret = node.createRoom(s -> s.withPrivacy(Privacy.SECRET));
        String member = user(TestNode.unique("insider"));
        node.store().rooms().addRole(secret.id(), RoomRole.MEMBER, member, member);
        ChatClient outsider = node.connect(user("oscar"));
        ChatClient insider = node.connect(member);

        CommandResult<Optional<JoinedRoom>> refused = outsider.join(TestNode.uri(secret)).get(10, TimeUnit.SECONDS);
        var batch = outsider.bjoin(List.of(TestNode.uri(secret))).get(10, TimeUnit.SECONDS);

        assertThat(refused.code()).isEqualTo(404);
        assertThat(refused.resp().text()).isEqualTo("NO_SUCH_NODE");
        assertThat(batch.value().joined()).isEmpty();
        assertThat(batch.value().failed()).containsExactly(TestNode.uri(secret).toString());
        assertNoTrace(secret, outsider);
        assertThat(names(outsider.searchRooms(secret.name(), false).get(10, TimeUnit.SECONDS).value())).isEmpty();
        assertThat(names(outsider.searchRooms("", false).get(10, TimeUnit.SECONDS).value())).doesNotContain(secret.name());
        assertThat(names(outsider.getAssociations("member").get(10, TimeUnit.SECONDS).value())).doesNotContain(secret.name());
        // the member sees it everywhere
        assertThat(names(insider.searchRooms(secret.name(), false).get(10, TimeUnit.SECONDS).value())).containsExactly(secret.name());
        assertThat(insider.searchRooms(secret.name(), false).get(10, TimeUnit.SECONDS).value().get(0).privacy()).isEqualTo("secret");
        assertThat(names(insider.getAssociations("member").get(10, TimeUnit.SECONDS).value())).contains(secret.name());
        joined(insider, TestNode.uri(secret));
    }

    @Test
    void aDeniedUserAndADeniedDomainNeitherSeeNorJoinTheCategorysRooms() throws Exception {
        Category guarded = node.store().categories().create(CategorySettings.named(TestNode.unique("guarded-")));
        node.store().categories().addPrincipal(guarded.id(), CategoryPrincipalKind.DENIED, user("mallory"));
        node.store().categories().addPrincipal(guarded.id(), CategoryPrincipalKind.DENIED, "@evil.example");
        Room open = node.createRoom(s -> s.withCategory(guarded.id()).withPrivacy(Privacy.OPEN));
        // even a membership does not let a denied user in
        node.store().rooms().addRole(open.id(), RoomRole.MEMBER, user("mallory"), user("admin"));
        ChatClient mallory = node.connect(user("mallory"));
        ChatClient eve = node.connect(node.options("sip:eve@evil.example").withDomain(TestNode.DOMAIN));
        ChatClient peggy = node.connect(user("peggy"));

        for (ChatClient denied : List.of(mallory, eve)) {
            CommandResult<Optional<JoinedRoom>> refused = denied.join(TestNode.uri(open)).get(10, TimeUnit.SECONDS);
            assertThat(refused.code()).as(denied.user()).isEqualTo(404);
            assertNoTrace(open, denied);
            assertThat(names(denied.searchRooms(open.name(), false).get(10, TimeUnit.SECONDS).value())).isEmpty();
            assertThat(denied.history(TestNode.uri(open), 10).get(10, TimeUnit.SECONDS).code()).isEqualTo(404);
            assertThat(denied.post(TestNode.uri(open), "let me in").get(10, TimeUnit.SECONDS).status()).isEqualTo(403);
        }
        assertThat(names(mallory.getAssociations("member").get(10, TimeUnit.SECONDS).value())).doesNotContain(open.name());
        joined(peggy, TestNode.uri(open));
        assertThat(node.storedTexts(open)).isEmpty();
    }

    @Test
    void inAnAuditoriumOnlyPresentersPostOthersGetSip403AndNothingIsStoredOrDelivered() throws Exception {
        Room auditorium = node.createRoom(s -> s.withPrivacy(Privacy.OPEN).withType(RoomType.AUDITORIUM));
        node.store().rooms().addRole(auditorium.id(), RoomRole.PRESENTER, user("paul"), user("admin"));
        RoomUri uri = TestNode.uri(auditorium);
        ChatClient paul = node.connect(user("paul"));
        ChatClient quinn = node.connect(user("quinn"));
        Recorder paulHears = Recorder.on(paul);
        joined(paul, uri);
        joined(quinn, uri);

        PostResult refused = quinn.post(uri, "may I?").get(10, TimeUnit.SECONDS);
        ok(paul.post(uri, "the talk begins"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isStored()).isFalse();
        assertThat(paulHears.awaitMessages(uri, 1)).extracting(m -> m.chat()).containsExactly("the talk begins");
        assertThat(node.storedTexts(auditorium)).containsExactly("the talk begins");
        assertThat(node.stored(auditorium).get(0).msgid()).isEqualTo(1);
    }

    @Test
    void postingToARoomOneHasNotJoinedIsRefused403AndNotStored() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        ChatClient rita = node.connect(user("rita"));
        ChatClient sam = node.connect(user("sam"));
        Recorder samHears = Recorder.on(sam);
        joined(sam, TestNode.uri(room));

        PostResult refused = rita.post(TestNode.uri(room), "drive-by").get(10, TimeUnit.SECONDS);
        PostResult otherDomain = rita.post(RoomUri.of("other.example", room.id()), "elsewhere").get(10, TimeUnit.SECONDS);
        ok(sam.post(TestNode.uri(room), "after"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(otherDomain.status()).isEqualTo(403);
        assertThat(node.storedTexts(room)).containsExactly("after");
        assertThat(samHears.awaitMessages(TestNode.uri(room), 1)).extracting(m -> m.msgid()).containsExactly(1L);
    }

    @Test
    void aDisabledRoomIs410OnJoin() throws Exception {
        Room disabled = node.createRoom(s -> s.withPrivacy(Privacy.OPEN).withDisabled(true));
        ChatClient tom = node.connect(user("tom"));

        CommandResult<Optional<JoinedRoom>> refused = tom.join(TestNode.uri(disabled)).get(10, TimeUnit.SECONDS);

        assertThat(refused.code()).isEqualTo(410);
        assertThat(refused.resp().text()).isEqualTo("NODE_DISABLED");
        assertNoTrace(disabled, tom);
        assertThat(tom.post(TestNode.uri(disabled), "anyone?").get(10, TimeUnit.SECONDS).status()).isEqualTo(403);
        assertThat(node.storedTexts(disabled)).isEmpty();
    }

    @Test
    void aMessageOverMessageSizeLimitIsRefused413AndNotStoredOneAtTheLimitIsTaken() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        RoomUri uri = TestNode.uri(room);
        ChatClient uma = node.connect(user("uma"));
        Recorder umaHears = Recorder.on(uma);
        joined(uma, uri);
        int limit = node.config.chat().messageSizeLimit();
        String atLimit = "é".repeat(limit / 2); // two UTF-8 bytes each
        String overLimit = atLimit + "x";

        PostResult tooLong = uma.post(uri, overLimit).get(10, TimeUnit.SECONDS);
        PostResult fits = uma.post(uri, atLimit).get(10, TimeUnit.SECONDS);

        assertThat(tooLong.status()).isEqualTo(413);
        assertThat(fits.status()).isEqualTo(200);
        assertThat(node.storedTexts(room)).containsExactly(atLimit);
        assertThat(umaHears.awaitMessages(uri, 1)).extracting(m -> m.msgid()).containsExactly(1L);
    }

    @Test
    void historyAndSearchOfARoomThatKeepsNoHistoryAreRefused403() throws Exception {
        Room unlogged = node.createRoom(s -> s.withPrivacy(Privacy.OPEN).withLogged(Inheritable.OFF));
        RoomUri uri = TestNode.uri(unlogged);
        ChatClient vera = node.connect(user("vera"));
        joined(vera, uri);
        ok(vera.post(uri, "off the record"));

        CommandResult<List<ChatMessage>> history = vera.history(uri, 10).get(10, TimeUnit.SECONDS);
        CommandResult<List<ChatMessage>> search = vera.searchChat(uri, "record").get(10, TimeUnit.SECONDS);

        assertThat(history.code()).isEqualTo(403);
        assertThat(history.value()).isEmpty();
        assertThat(search.code()).isEqualTo(403);
        assertThat(search.value()).isEmpty();
        RoomSummary summary = vera.searchRooms(unlogged.name(), false).get(10, TimeUnit.SECONDS).value().get(0);
        assertThat(summary.logged()).isFalse();
    }

    /** Not joined on the node, no JOIN compliance event, nothing stored. */
    private static void assertNoTrace(Room room, ChatClient who) throws Exception {
        node.assertNotJoined(room, who.user());
        assertThat(node.complianceEvents("JOIN", who.user(), room)).isZero();
        assertThat(node.storedTexts(room)).isEmpty();
    }

    private static List<String> names(List<RoomSummary> rooms) {
        return rooms.stream().map(RoomSummary::name).toList();
    }
}
