package io.pchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.pchat.protocol.xccos.Bcq;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Msg;
import io.pchat.protocol.xccos.Qib;
import io.pchat.protocol.xccos.Reply;
import io.pchat.server.session.InfoVerdict;
import io.pchat.storage.room.Inheritable;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;

/** cmd:bccontext and cmd:chatsrch: logged rooms only, for those who may join, oldest first, recorded. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryCommandsTest {
    private final ChatFixture chat = new ChatFixture(s -> s.defaultChatHistory(10), s -> s);

    @AfterAll
    void close() {
        chat.close();
    }

    @Test
    void lastGivesTheLatestMessagesOldestFirstCappedAtTheDefaultChatHistory() {
        Room room = chat.room("logged", Privacy.OPEN);
        FakeClientSession alice = posted(room, 15);

        Reply three = chat.bccontext(alice, room, new Bcq.Last(3));
        Reply capped = chat.bccontext(alice, room, new Bcq.Last(25));

        assertThat(three.resp().code()).isEqualTo(200);
        Chanib history = (Chanib) three.data().get(0);
        assertThat(history.uri()).isEqualTo(ChatFixture.uri(room));
        assertThat(history.msgs()).extracting(Msg::chat).containsExactly("m13", "m14", "m15");
        assertThat(history.msgs()).extracting(Msg::msgid).containsExactly(13L, 14L, 15L);
        assertThat(history.msgs()).allSatisfy(m -> {
            assertThat(m.author()).isEqualTo(alice.user());
            assertThat(m.chanUri()).isEqualTo(ChatFixture.uri(room));
        });
        assertThat(msgids(capped)).containsExactlyElementsOf(LongStream.rangeClosed(6, 15).boxed().toList());
    }

    @Test
    void beforePagesBack() {
        Room room = chat.room("paged", Privacy.OPEN);
        FakeClientSession alice = posted(room, 15);

        assertThat(msgids(chat.bccontext(alice, room, new Bcq.Before(6, 3)))).containsExactly(3L, 4L, 5L);
        assertThat(msgids(chat.bccontext(alice, room, new Bcq.Before(3, 5)))).containsExactly(1L, 2L);
        assertThat(msgids(chat.bccontext(alice, room, new Bcq.Before(1, 5)))).isEmpty();
    }

    @Test
    void historyIsGivenOnlyInLoggedRoomsAndToThoseWhoMayJoin() {
        Room unlogged = chat.room(chat.spec("unlogged").withPrivacy(Privacy.OPEN).withLogged(Inheritable.OFF));
        Room closed = chat.room("closed", Privacy.CLOSED);
        Room secret = chat.room("secret", Privacy.SECRET);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));

        assertThat(chat.bccontext(alice, unlogged, new Bcq.Last(5)).resp().code()).isEqualTo(403);
        assertThat(chat.bccontext(alice, closed, new Bcq.Last(5)).resp().code()).isEqualTo(403);
        assertThat(chat.bccontext(alice, secret, new Bcq.Last(5)).resp().code()).isEqualTo(404);
        assertThat(chat.call(alice, "bccontext", Chanib.of(ChatFixture.uri(closed))).resp().code()).isEqualTo(400);
    }

    @Test
    void aMemberNeedNotBeJoinedToReadHistoryAndTheReadIsRecorded() {
        String bob = ChatFixture.user("bob");
        String alice = ChatFixture.user("alice");
        Room room = chat.room("closed", Privacy.CLOSED, alice);
        chat.member(room, bob);
        posted(room, alice, 2);
        FakeClientSession reader = chat.connect(bob);

        assertThat(msgids(chat.bccontext(reader, room, new Bcq.Last(5)))).containsExactly(1L, 2L);
        await().atMost(ChatFixture.WAIT).until(() -> chat.complianceKinds(bob).contains("BACKCHAT"));
    }

    @Test
    void chatsrchFindsMessagesByTextAndAuthorOldestFirst() {
        Room room = chat.room("searchable", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        FakeClientSession bob = chat.connect(ChatFixture.user("bob"));
        chat.joined(alice, room);
        chat.joined(bob, room);
        for (String text : List.of("lunch at noon?", "meeting moved", "LUNCH is late")) {
            assertThat(chat.post(alice, room, text)).isEqualTo(InfoVerdict.OK);
        }
        assertThat(chat.post(bob, room, "lunch for me too")).isEqualTo(InfoVerdict.OK);

        Reply byText = chat.call(bob, "chatsrch", Qib.chatSearch(ChatFixture.uri(room), "lunch", null, null, null, null));
        Reply byAuthor = chat.call(bob, "chatsrch",
                Qib.chatSearch(ChatFixture.uri(room), "lunch", alice.user(), null, null, 1));
        Reply future = chat.call(bob, "chatsrch", Qib.chatSearch(ChatFixture.uri(room), null, null,
                Instant.now().plusSeconds(3600), null, null));

        assertThat(texts(byText)).containsExactly("lunch at noon?", "LUNCH is late", "lunch for me too");
        assertThat(texts(byAuthor)).containsExactly("LUNCH is late");
        assertThat(texts(future)).isEmpty();
        assertThat(chat.call(bob, "chatsrch", Qib.chatSearch(null, "x", null, null, null, null)).resp().code())
                .isEqualTo(400);
    }

    private FakeClientSession posted(Room room, int count) {
        return posted(room, ChatFixture.user("alice"), count);
    }

    private FakeClientSession posted(Room room, String user, int count) {
        FakeClientSession alice = chat.connect(user);
        chat.joined(alice, room);
        IntStream.rangeClosed(1, count).forEach(i -> assertThat(chat.post(alice, room, "m" + i)).isEqualTo(InfoVerdict.OK));
        return alice;
    }

    private static List<Long> msgids(Reply reply) {
        assertThat(reply.resp().code()).isEqualTo(200);
        return ((Chanib) reply.data().get(0)).msgs().stream().map(Msg::msgid).toList();
    }

    private static List<String> texts(Reply reply) {
        assertThat(reply.resp().code()).isEqualTo(200);
        return ((Chanib) reply.data().get(0)).msgs().stream().map(Msg::chat).toList();
    }
}
