package io.pchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.pchat.protocol.xccos.Aib;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Chanid;
import io.pchat.protocol.xccos.Fib;
import io.pchat.protocol.xccos.Notice;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Uib;
import io.pchat.storage.room.CategoryPrincipalKind;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;

/** cmd:join, cmd:bjoin, cmd:part, their notices, and leaving at the end of a dialog. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoinCommandsTest {
    private final ChatFixture chat = new ChatFixture(s -> s.participantUpdateLimit(3), s -> s);

    @AfterAll
    void close() {
        chat.close();
    }

    @Test
    void joinAnswersTheJoinFormWithTheParticipantsAndTheirRoles() {
        String manager = ChatFixture.user("mia");
        String alice = ChatFixture.user("alice");
        Room room = chat.room(chat.spec("lobby").withPrivacy(Privacy.OPEN).withDescription("d").withTopic("t"), manager);
        chat.joined(chat.connect(manager), room);

        Reply reply = chat.joined(chat.connect(alice), room);

        assertThat(reply.name()).isEqualTo("join");
        assertThat(reply.data()).containsExactly(Uib.indexed("0", manager), Uib.indexed("1", alice),
                Chanib.joinForm(ChatFixture.uri(room), room.name(), "d", "t",
                        List.of(new Aib("3984", null, "1"), new Aib("12276", null, "0"))));
        assertThat(chat.service.liveRooms().room(room.id()).size()).isEqualTo(2);
    }

    @Test
    void theOtherParticipantsAreToldOfAJoinButNotTheJoiner() {
        Room room = chat.room("open", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        chat.joined(alice, room);
        FakeClientSession bob = chat.connect(ChatFixture.user("bob"));

        chat.joined(bob, room);

        await().atMost(ChatFixture.WAIT).until(() -> alice.notices("join").size() == 1);
        Notice notice = alice.notices("join").get(0);
        assertThat(notice.data()).containsExactly(Uib.joined(bob.user(), RoomUri.of("example.com", room.id())));
        assertThat(bob.notices("join")).isEmpty();
    }

    @Test
    void bjoinJoinsEveryRoomItCanAndNamesTheOthersAsFailed() {
        String alice = ChatFixture.user("alice");
        Room open = chat.room("open", Privacy.OPEN);
        Room closed = chat.room("closed", Privacy.CLOSED);
        Room secret = chat.room("secret", Privacy.SECRET);
        FakeClientSession watcher = chat.connect(ChatFixture.user("watcher"));
        chat.joined(watcher, open);
        FakeClientSession session = chat.connect(alice);

        Reply reply = chat.call(session, "bjoin", RoomUri.of("example.com", open.id()).toChanid("0"),
                RoomUri.of("example.com", closed.id()).toChanid("1"), RoomUri.of("example.com", secret.id()).toChanid("2"),
                new Chanid("3", "example.com", "no-such-room"));

        assertThat(reply.name()).isEqualTo("bjoin");
        assertThat(reply.resp().code()).isEqualTo(200);
        assertThat(reply.data()).containsExactly(Uib.indexed("0", watcher.user()), Uib.indexed("1", alice),
                Chanib.joinForm(ChatFixture.uri(open), open.name(), "", "",
                        List.of(new Aib("3984", null, "0,1"), new Aib("12276", null, ""))),
                new Fib("OPERATION_FAILED", "example.com", closed.id()),
                new Fib("OPERATION_FAILED", "example.com", secret.id()),
                new Fib("OPERATION_FAILED", "example.com", "no-such-room"));
        await().atMost(ChatFixture.WAIT).until(() -> watcher.notices("bjoin").size() == 1);
        assertThat(watcher.notices("join")).isEmpty();
    }

    @Test
    void joinIsRefusedWithTheRightCodeAndSecretRoomsLookAbsent() {
        String member = ChatFixture.user("member");
        String outsider = ChatFixture.user("outsider");
        Room closed = chat.room("closed", Privacy.CLOSED);
        Room secret = chat.room("secret", Privacy.SECRET);
        Room disabled = chat.room(chat.spec("disabled").withPrivacy(Privacy.OPEN).withDisabled(true));
        chat.member(closed, member);
        chat.member(secret, member);
        FakeClientSession in = chat.connect(member);
        FakeClientSession out = chat.connect(outsider);

        assertThat(chat.join(in, closed).resp().code()).isEqualTo(200);
        assertThat(chat.join(in, secret).resp().code()).isEqualTo(200);
        assertThat(chat.join(out, closed).resp().code()).isEqualTo(403);
        assertThat(chat.join(out, secret).resp().code()).isEqualTo(404);
        assertThat(chat.join(out, secret).resp().text()).isEqualTo("NO_SUCH_NODE");
        assertThat(chat.join(out, disabled).resp().code()).isEqualTo(410);
        assertThat(chat.call(out, "join", new Chanid("0", "example.com", "00000000-0000-0000-0000-000000000000"))
                .resp().code()).isEqualTo(404);
        assertThat(chat.call(out, "join", new Chanid("0", "other.org", closed.id())).resp().code()).isEqualTo(404);
        assertThat(chat.call(out, "join").resp().code()).isEqualTo(400);
    }

    @Test
    void aUserDeniedInTheCategoryCannotSeeOrJoinEvenAnOpenRoom() {
        String denied = ChatFixture.user("denied");
        var category = chat.store.categories().create(io.pchat.storage.room.CategorySettings.named(ChatFixture.name("c")));
        chat.store.categories().addPrincipal(category.id(), CategoryPrincipalKind.DENIED, denied);
        Room open = chat.room(chat.spec("open").withCategory(category.id()).withPrivacy(Privacy.OPEN), denied);

        assertThat(chat.join(chat.connect(denied), open).resp().code()).isEqualTo(404);
    }

    @Test
    void partAnswersTheRoomAndTellsTheOthers() {
        Room room = chat.room("open", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        FakeClientSession bob = chat.connect(ChatFixture.user("bob"));
        chat.joined(alice, room);
        chat.joined(bob, room);

        Reply reply = chat.call(bob, "part", Chanib.of(ChatFixture.uri(room)));

        assertThat(reply.resp().code()).isEqualTo(200);
        assertThat(reply.data()).containsExactly(Chanib.of(ChatFixture.uri(room)));
        await().atMost(ChatFixture.WAIT).until(() -> alice.notices("part").size() == 1);
        assertThat(alice.notices("part").get(0).data())
                .containsExactly(Chanib.parted(ChatFixture.uri(room), List.of(Uib.of(bob.user()))));
        assertThat(bob.notices("part")).isEmpty();
        assertThat(chat.service.liveRooms().room(room.id()).size()).isEqualTo(1);
    }

    @Test
    void partOfARoomNotJoinedIs412() {
        Room room = chat.room("open", Privacy.OPEN);

        Reply reply = chat.call(chat.connect(ChatFixture.user("alice")), "part", Chanib.of(ChatFixture.uri(room)));

        assertThat(reply.resp().code()).isEqualTo(412);
        assertThat(reply.resp().text()).isEqualTo("USER_NOT_JOINED");
    }

    @Test
    void joinThenPartInOneEnvelopeRunInOrder() {
        Room room = chat.room("open", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));

        chat.send(alice, chat.command("join", RoomUri.of("example.com", room.id()).toChanid("0")),
                chat.command("part", Chanib.of(ChatFixture.uri(room))));

        await().atMost(ChatFixture.WAIT).until(() -> alice.replies().size() == 2);
        assertThat(alice.replies()).extracting(r -> r.resp().code()).containsExactly(200, 200);
        assertThat(chat.service.liveRooms().room(room.id())).isNull();
    }

    @Test
    void aSecondJoinOfTheSameDialogAnswersAgainWithoutANotice() {
        Room room = chat.room("open", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        FakeClientSession bob = chat.connect(ChatFixture.user("bob"));
        chat.joined(alice, room);
        chat.joined(bob, room);
        await().atMost(ChatFixture.WAIT).until(() -> alice.notices("join").size() == 1);

        chat.joined(bob, room);

        await().during(Duration.ofMillis(200)).atMost(ChatFixture.WAIT).until(() -> alice.notices("join").size() == 1);
        assertThat(chat.service.liveRooms().room(room.id()).size()).isEqualTo(2);
    }

    @Test
    void noJoinOrPartNoticesAboveTheParticipantUpdateLimit() {
        Room room = chat.room("big", Privacy.OPEN);
        FakeClientSession first = chat.connect(ChatFixture.user("u"));
        chat.joined(first, room);
        chat.joined(chat.connect(ChatFixture.user("u")), room);
        chat.joined(chat.connect(ChatFixture.user("u")), room); // three dialogs: the limit
        await().atMost(ChatFixture.WAIT).until(() -> first.notices("join").size() == 2);

        FakeClientSession fourth = chat.connect(ChatFixture.user("u"));
        chat.joined(fourth, room);
        chat.call(fourth, "part", Chanib.of(ChatFixture.uri(room)));

        await().during(Duration.ofMillis(200)).atMost(ChatFixture.WAIT)
                .until(() -> first.notices("join").size() == 2 && first.notices("part").isEmpty());
    }

    @Test
    void theEndOfADialogLeavesItsRoomsTellsTheOthersAndRecordsParts() {
        Room one = chat.room("one", Privacy.OPEN);
        Room two = chat.room("two", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        FakeClientSession bob = chat.connect(ChatFixture.user("bob"));
        chat.joined(alice, one);
        chat.joined(alice, two);
        chat.joined(bob, one);

        chat.end(bob);

        await().atMost(ChatFixture.WAIT).until(() -> alice.notices("part").size() == 1);
        assertThat(chat.service.liveRooms().room(one.id()).participants()).extracting(p -> p.user())
                .containsExactly(alice.user());
        chat.end(alice);
        assertThat(chat.service.liveRooms().room(one.id())).isNull();
        assertThat(chat.service.liveRooms().room(two.id())).isNull();
        await().atMost(ChatFixture.WAIT).until(() -> complianceKinds(alice.user()).size() == 4);
        assertThat(complianceKinds(alice.user())).containsExactlyInAnyOrder("JOIN", "JOIN", "PART", "PART");
    }

    private List<String> complianceKinds(String user) {
        return chat.complianceKinds(user);
    }
}
