package io.pchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.pchat.protocol.xccos.Assoc;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Info;
import io.pchat.protocol.xccos.Prop;
import io.pchat.protocol.xccos.Qib;
import io.pchat.protocol.xccos.Reply;
import io.pchat.storage.room.Inheritable;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;

/** cmd:chansrch and cmd:getassociations: the summary form, and only rooms the user may see. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoomSearchTest {
    private final ChatFixture chat = new ChatFixture();

    @AfterAll
    void close() {
        chat.close();
    }

    @Test
    void chansrchAnswersTheSummaryFormOfEachMatchingRoom() {
        String tag = ChatFixture.name("summary");
        Room room = chat.room(chat.spec(tag + "-room").withPrivacy(Privacy.OPEN).withDescription("about")
                .withFileUpload(Inheritable.OFF));
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        chat.joined(alice, room);

        Reply reply = chat.call(alice, "chansrch", Qib.byName(tag, false));

        assertThat(reply.resp().code()).isEqualTo(200);
        assertThat(reply.data()).containsExactly(Chanib.summaryForm(ChatFixture.uri(room), room.name(), "about",
                "ma-cat://example.com/" + chat.root.id(), List.of(Info.userCount(1), Info.visibility("public")),
                List.of(Prop.of(Prop.FILEPOST, false), Prop.of(Prop.INVITE, true), Prop.of(Prop.LOGGED, true))));
    }

    @Test
    void secretRoomsAppearToTheirMembersOnly() {
        String tag = ChatFixture.name("visibility");
        String member = ChatFixture.user("member");
        Room open = chat.room(tag + "-open", Privacy.OPEN);
        Room closed = chat.room(tag + "-closed", Privacy.CLOSED);
        Room secret = chat.room(tag + "-secret", Privacy.SECRET);
        chat.member(secret, member);

        List<String> seenByMember = names(chat.call(chat.connect(member), "chansrch", Qib.byName(tag, false)));
        List<String> seenByOther = names(chat.call(chat.connect(ChatFixture.user("other")), "chansrch",
                Qib.byName(tag, false)));

        assertThat(seenByMember).containsExactly(closed.name(), open.name(), secret.name());
        assertThat(seenByOther).containsExactly(closed.name(), open.name());
        assertThat(visibility(chat.call(chat.connect(member), "chansrch", Qib.byName(tag, false))))
                .containsExactly("scope", "public", "private");
    }

    @Test
    void extendedSearchAlsoMatchesDescriptions() {
        String tag = ChatFixture.name("extended");
        Room named = chat.room(chat.spec(tag + "-named"));
        Room described = chat.room(chat.spec(ChatFixture.name("plain")).withDescription("all about " + tag));
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));

        assertThat(names(chat.call(alice, "chansrch", Qib.byName(tag, false)))).containsExactly(named.name());
        assertThat(names(chat.call(alice, "chansrch", Qib.byName(tag, true))))
                .containsExactlyInAnyOrder(named.name(), described.name());
    }

    @Test
    void emptyCriteriaListEveryVisibleRoomUpToTheSearchLimit() {
        try (ChatFixture small = new ChatFixture(s -> s.searchLimit(3), s -> s)) {
            for (int i = 0; i < 5; i++) {
                small.room("r" + i, Privacy.CLOSED);
            }
            small.room("hidden", Privacy.SECRET);
            FakeClientSession alice = small.connect(ChatFixture.user("alice"));

            assertThat(small.call(alice, "chansrch", Qib.byName("", false)).data()).hasSize(3);
            assertThat(small.call(alice, "chansrch", Qib.byName(null, false)).data()).hasSize(3);
        }
    }

    @Test
    void chansrchWithoutQibOrWithAnotherQtypeIs400() {
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));

        assertThat(chat.call(alice, "chansrch").resp().code()).isEqualTo(400);
        assertThat(chat.call(alice, "chansrch", new Qib("BYTOPIC", "x", false, null, null, null, null, null))
                .resp().code()).isEqualTo(400);
    }

    @Test
    void getassociationsListsTheRoomsTheUserIsMemberOrManagerOf() {
        String alice = ChatFixture.user("alice");
        Room managed = chat.room(ChatFixture.name("managed"), Privacy.SECRET, alice);
        Room joinedAsMember = chat.room(ChatFixture.name("member"), Privacy.SECRET);
        chat.member(joinedAsMember, alice);
        chat.room(ChatFixture.name("unrelated"), Privacy.OPEN);
        FakeClientSession session = chat.connect(alice);

        Reply members = chat.call(session, "getassociations", new Assoc("member"));
        Reply managers = chat.call(session, "getassociations", new Assoc("MANAGER"));

        assertThat(names(members)).containsExactlyInAnyOrder(managed.name(), joinedAsMember.name());
        assertThat(names(managers)).containsExactly(managed.name());
        assertThat(chat.call(session, "getassociations", new Assoc("owner")).resp().code()).isEqualTo(400);
    }

    @Test
    void aUserRemovedFromASecretRoomNoLongerSeesItInAssociations() {
        String bob = ChatFixture.user("bob");
        Room secret = chat.room(ChatFixture.name("secret"), Privacy.SECRET);
        chat.member(secret, bob);
        FakeClientSession session = chat.connect(bob);
        assertThat(names(chat.call(session, "getassociations", new Assoc("member")))).containsExactly(secret.name());

        chat.store.rooms().removeRole(secret.id(), io.pchat.storage.room.RoomRole.MEMBER, bob);

        assertThat(chat.call(session, "getassociations", new Assoc("member")).data()).isEmpty();
        assertThat(chat.join(session, secret).resp().code()).isEqualTo(404);
    }

    private static List<String> names(Reply reply) {
        return reply.data().stream().map(Chanib.class::cast).map(Chanib::name).toList();
    }

    private static List<String> visibility(Reply reply) {
        return reply.data().stream().map(Chanib.class::cast).map(c -> c.info(Info.VISIBILITY).orElseThrow()).toList();
    }
}
