package io.pchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.pchat.protocol.xccos.GroupChat;
import io.pchat.server.session.InfoVerdict;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRole;
import io.pchat.storage.room.RoomType;

/** The post path: who may post, size limits, durability before delivery, order and exactly-once delivery. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostsTest {
    private final ChatFixture chat = new ChatFixture();

    @AfterAll
    void close() {
        chat.close();
    }

    @Test
    void everyDialogInTheRoomSeesEveryMessageOnceInMsgidOrderWithTheNodesValues() {
        Room room = chat.room("busy", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"), 0);
        FakeClientSession bob = chat.connect(ChatFixture.user("bob"), 1);
        FakeClientSession alicePhone = chat.connect(alice.user(), 1);
        for (FakeClientSession s : List.of(alice, bob, alicePhone)) {
            chat.joined(s, room);
        }
        Instant start = Instant.now().minusSeconds(1);

        List<CompletableFuture<InfoVerdict>> verdicts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            verdicts.add(chat.send(alice, post(room, alice.user(), "a" + i)).toCompletableFuture());
            verdicts.add(chat.send(bob, post(room, bob.user(), "b" + i)).toCompletableFuture());
        }

        assertThat(verdicts).allSatisfy(v -> assertThat(v.get(10, TimeUnit.SECONDS)).isEqualTo(InfoVerdict.OK));
        for (FakeClientSession s : List.of(alice, bob, alicePhone)) {
            await().atMost(ChatFixture.WAIT).until(() -> s.chats().size() >= 120);
            List<GroupChat> seen = s.chats();
            assertThat(seen).extracting(GroupChat::msgid).containsExactlyElementsOf(
                    LongStream.rangeClosed(1, 120).boxed().toList());
            assertThat(seen).allSatisfy(g -> {
                assertThat(g.chanUri()).isEqualTo(ChatFixture.uri(room));
                assertThat(g.author()).isEqualTo(g.chat().startsWith("a") ? alice.user() : bob.user());
                assertThat(g.ts()).isAfter(start);
            });
            assertThat(seen).extracting(GroupChat::chat).filteredOn(t -> t.startsWith("a"))
                    .containsExactlyElementsOf(LongStream.range(0, 60).mapToObj(i -> "a" + i).toList());
            assertThat(s.problems()).isEmpty();
        }
        await().during(Duration.ofMillis(200)).atMost(ChatFixture.WAIT).until(() -> bob.chats().size() == 120);
        assertThat(chat.storedTexts(room)).hasSize(120);
    }

    @Test
    void theAuthorIsTheDialogsUserWhateverTheClientWrote() {
        Room room = chat.room("open", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        chat.joined(alice, room);

        InfoVerdict verdict = chat.post(alice, post(room, "sip:ceo@example.com", "trust me"));

        assertThat(verdict).isEqualTo(InfoVerdict.OK);
        await().atMost(ChatFixture.WAIT).until(() -> alice.chats().size() == 1);
        assertThat(alice.chats().get(0).author()).isEqualTo(alice.user());
    }

    @Test
    void aPostToARoomTheDialogDidNotJoinIsRefused403AndNotStored() {
        Room room = chat.room("open", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));

        assertThat(chat.post(alice, room, "hello").status()).isEqualTo(403);
        assertThat(chat.post(alice, post("ma-chan://example.com/nonsense", alice.user(), "x")).status()).isEqualTo(403);
        assertThat(chat.storedTexts(room)).isEmpty();
    }

    @Test
    void inAnAuditoriumOnlyPresentersPost() {
        String presenter = ChatFixture.user("presenter");
        String listener = ChatFixture.user("listener");
        Room hall = chat.room(chat.spec("hall").withPrivacy(Privacy.OPEN).withType(RoomType.AUDITORIUM));
        chat.store.rooms().addRole(hall.id(), RoomRole.PRESENTER, presenter, "sip:admin@example.com");
        FakeClientSession speaker = chat.connect(presenter);
        FakeClientSession audience = chat.connect(listener);
        chat.joined(speaker, hall);
        chat.joined(audience, hall);

        assertThat(chat.post(audience, hall, "me too").status()).isEqualTo(403);
        assertThat(chat.post(speaker, hall, "welcome").status()).isEqualTo(200);
        assertThat(chat.storedTexts(hall)).containsExactly("welcome");
        await().atMost(ChatFixture.WAIT).until(() -> audience.chats().size() == 1);
    }

    @Test
    void aRoomDisabledWhileJoinedRefusesPostsOnceTheChangeIsAnnounced() {
        Room room = chat.room("open", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        chat.joined(alice, room);

        chat.store.rooms().update(room.id(), room.spec().withDisabled(true));
        chat.service.roomChanged(room.id()).join();

        assertThat(chat.post(alice, room, "anyone?").status()).isEqualTo(403);
        assertThat(chat.storedTexts(room)).isEmpty();
        await().atMost(ChatFixture.WAIT).until(() -> alice.notices("roomchanged").size() == 1);
    }

    @Test
    void aMessageOverTheSizeLimitIsRefused413AndNotStored() {
        Room room = chat.room("open", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        chat.joined(alice, room);

        assertThat(chat.post(alice, room, "é".repeat(257)).status()).isEqualTo(413); // 514 bytes
        assertThat(chat.post(alice, room, "é".repeat(256)).status()).isEqualTo(200); // 512 bytes
        assertThat(chat.storedTexts(room)).containsExactly("é".repeat(256));
    }

    @Test
    void anEmptyOrBlankMessageIsRefused400AndNotStored() {
        Room room = chat.room("open", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        chat.joined(alice, room);

        assertThat(chat.post(alice, room, "").status()).isEqualTo(400);
        assertThat(chat.post(alice, room, " \t\r\n ").status()).isEqualTo(400);
        assertThat(chat.post(alice, room, " a ").status()).isEqualTo(200);
        assertThat(chat.storedTexts(room)).containsExactly(" a ");
    }

    @Test
    void aStoryMayBeAsLongAsTheStoryLimitAndAlertsAndStoriesAreDeliveredAsSuch() {
        Room room = chat.room("open", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        chat.joined(alice, room);
        GroupChat story = new GroupChat(1, ChatFixture.uri(room), null, Instant.now(), null, "x".repeat(4096), false,
                "Chapter 1");
        GroupChat tooLong = new GroupChat(2, ChatFixture.uri(room), null, Instant.now(), null, "x".repeat(4097), false,
                "Chapter 2");
        GroupChat alert = new GroupChat(3, ChatFixture.uri(room), null, Instant.now(), null, "fire", true, null);

        assertThat(chat.post(alice, story).status()).isEqualTo(200);
        assertThat(chat.post(alice, tooLong).status()).isEqualTo(413);
        assertThat(chat.post(alice, alert).status()).isEqualTo(200);

        await().atMost(ChatFixture.WAIT).until(() -> alice.chats().size() == 2);
        assertThat(alice.chats().get(0).storyTitle()).isEqualTo("Chapter 1");
        assertThat(alice.chats().get(1).alert()).isTrue();
    }

    @Test
    void aPostLeavesTheRoomForgottenOnceTheDialogEnds() {
        Room room = chat.room("open", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        FakeClientSession bob = chat.connect(ChatFixture.user("bob"));
        chat.joined(alice, room);
        chat.joined(bob, room);
        chat.end(bob);

        assertThat(chat.post(alice, room, "still there?").status()).isEqualTo(200);

        await().atMost(ChatFixture.WAIT).until(() -> alice.chats().size() == 1);
        assertThat(bob.chats()).isEmpty();
    }

    @Test
    void aPostIsAnsweredOnlyOnceDurableAndDeliveredOnlyThen() throws Exception {
        Room room = chat.room("open", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        chat.joined(alice, room);
        CountDownLatch release = holdWriter();

        CompletableFuture<InfoVerdict> verdict = chat.send(alice, post(room, alice.user(), "wait")).toCompletableFuture();

        Thread.sleep(100);
        assertThat(verdict).isNotDone();
        assertThat(alice.chats()).isEmpty();
        release.countDown();
        assertThat(verdict.get(10, TimeUnit.SECONDS)).isEqualTo(InfoVerdict.OK);
        await().atMost(ChatFixture.WAIT).until(() -> alice.chats().size() == 1);
    }

    private CountDownLatch holdWriter() throws InterruptedException {
        return holdWriter(chat);
    }

    /** Holds the log's writer thread until the latch is released: appends queue up meanwhile. */
    static CountDownLatch holdWriter(ChatFixture chat) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        chat.log.betweenBatches(() -> {
            held.countDown();
            return release.await(10, TimeUnit.SECONDS);
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    static GroupChat post(Room room, String author, String text) {
        return post(ChatFixture.uri(room), author, text);
    }

    static GroupChat post(String chanUri, String author, String text) {
        return GroupChat.post(1, chanUri, author, Instant.now(), text);
    }
}
