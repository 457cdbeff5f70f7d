package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.TestNode.WAIT;
import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatMessage;
import io.pchat.client.CommandResult;
import io.pchat.client.HistoryPage;
import io.pchat.client.JoinedRoom;
import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.Gap;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.Qib;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.storage.ChatStore;
import io.pchat.storage.log.MsgidGap;
import io.pchat.storage.log.MsgidGaps;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;

/**
 * Chatting end to end (docs/xccos.md and 5): clients on real TCP connections join, post and
 * read; every participant sees every message exactly once, in msgid order, with the node's
 * author, ts and consecutive msgids; history and search give back what was stored.
 */
class ChattingTest {

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
    void twoClientsInTheLobbySeeEachOthersMessagesOnceInOrderWithTheNodesAuthorTsAndMsgid() throws Exception {
        ChatClient alice = node.connect(user("alice"));
        ChatClient bob = node.connect(user("bob"));
        Recorder aliceHears = Recorder.on(alice);
        Recorder bobHears = Recorder.on(bob);
        RoomUri lobby = node.lobby();
        joined(alice, lobby);
        joined(bob, lobby);
        long before = node.stored(node.lobbyRoom()).size();

        assertThat(alice.post(lobby, "hello bob").get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(bob.post(lobby, "hello alice").get(10, TimeUnit.SECONDS).status()).isEqualTo(200);

        List<GroupChat> seenByAlice = aliceHears.awaitMessages(lobby, 2);
        List<GroupChat> seenByBob = bobHears.awaitMessages(lobby, 2);
        List<StoredMessage> stored = node.stored(node.lobbyRoom());
        assertThat(stored).hasSize((int) before + 2);
        List<StoredMessage> ours = stored.subList((int) before, stored.size());
        for (List<GroupChat> seen : List.of(seenByAlice, seenByBob)) {
            assertThat(seen).extracting(GroupChat::chat).containsExactly("hello bob", "hello alice");
            assertThat(seen).extracting(GroupChat::author).containsExactly(user("alice"), user("bob"));
            assertThat(seen).extracting(GroupChat::msgid).containsExactly(ours.get(0).msgid(), ours.get(0).msgid() + 1);
            assertThat(seen).extracting(GroupChat::ts).containsExactly(ours.get(0).ts(), ours.get(1).ts());
            assertThat(seen).allSatisfy(m -> assertThat(m.chanUri()).isEqualTo(lobby.toString()));
        }
        assertThat(ours).extracting(StoredMessage::author).containsExactly(user("alice"), user("bob"));
    }

    @Test
    void threeClientsPostingAtOnceEachSeeEveryMessageExactlyOnceInConsecutiveMsgidOrder() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        RoomUri uri = TestNode.uri(room);
        List<ChatClient> clients = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        for (String name : List.of("carol", "dave", "erin")) {
            ChatClient c = node.connect(user(name));
            clients.add(c);
            recorders.add(Recorder.on(c));
            joined(c, uri);
        }
        int perClient = 20;

        List<CompletableFuture<PostResult>> posts = new ArrayList<>();
        for (int i = 0; i < perClient; i++) {
            for (ChatClient c : clients) {
                posts.add(c.post(uri, c.user() + " #" + i));
            }
        }
        for (CompletableFuture<PostResult> p : posts) {
            assertThat(p.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }

        int total = perClient * clients.size();
        assertThat(posts).hasSize(total);
        List<StoredMessage> stored = node.stored(room);
        assertThat(stored).hasSize(total);
        assertThat(stored).extracting(StoredMessage::msgid).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        for (Recorder r : recorders) {
            List<GroupChat> seen = r.awaitMessages(uri, total);
            assertThat(seen).as("exactly once, in msgid order").extracting(GroupChat::msgid)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            for (int i = 0; i < total; i++) {
                GroupChat m = seen.get(i);
                StoredMessage s = stored.get(i);
                assertThat(m.chat()).isEqualTo(s.text());
                assertThat(m.author()).isEqualTo(s.author());
                assertThat(m.chat()).startsWith(m.author() + " #");
                assertThat(m.ts()).isEqualTo(s.ts());
            }
        }
        // each poster's own messages in the order it sent them
        Map<String, List<String>> byAuthor = new HashMap<>();
        stored.forEach(s -> byAuthor.computeIfAbsent(s.author(), a -> new ArrayList<>()).add(s.text()));
        for (ChatClient c : clients) {
            assertThat(byAuthor.get(c.user())).containsExactlyElementsOf(
                    LongStream.range(0, perClient).mapToObj(i -> c.user() + " #" + i).toList());
        }
    }

    @Test
    void theAuthorIsTheAuthenticatedUserAndTheTsTheNodesWhateverTheClientWrote() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        RoomUri uri = TestNode.uri(room);
        ChatClient mallory = node.connect(user("mallory"));
        ChatClient frank = node.connect(user("frank"));
        Recorder malloryHears = Recorder.on(mallory);
        Recorder frankHears = Recorder.on(frank);
        joined(mallory, uri);
        joined(frank, uri);
        Instant forgedTs = Instant.parse("2001-01-01T00:00:00Z");
        Instant before = Instant.now().minusSeconds(5);

        PostResult posted = mallory.post(new GroupChat(1, uri.toString(), user("ceo"), forgedTs, 999L, "wire the money", false, null))
                .get(10, TimeUnit.SECONDS);

        assertThat(posted.status()).isEqualTo(200);
        StoredMessage stored = node.stored(room).get(0);
        assertThat(stored.author()).isEqualTo(user("mallory"));
        assertThat(stored.msgid()).isEqualTo(1);
        assertThat(stored.ts()).isAfter(before);
        for (Recorder r : List.of(malloryHears, frankHears)) {
            GroupChat seen = r.awaitMessages(uri, 1).get(0);
            assertThat(seen.author()).isEqualTo(user("mallory"));
            assertThat(seen.ts()).isEqualTo(stored.ts());
            assertThat(seen.msgid()).isEqualTo(1L);
        }
    }

    @Test
    void historyGivesTheLastMessagesOldestFirstAndPagesBackByMsgid() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        RoomUri uri = TestNode.uri(room);
        ChatClient gina = node.connect(user("gina"));
        joined(gina, uri);
        for (int i = 1; i <= 10; i++) {
            assertThat(gina.post(uri, "m" + i).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        ChatClient reader = node.connect(user("hank")); // not joined: history needs the right to join only

        CommandResult<List<ChatMessage>> last3 = reader.history(uri, 3).get(10, TimeUnit.SECONDS);
        CommandResult<List<ChatMessage>> page = reader.historyBefore(uri, 8, 3).get(10, TimeUnit.SECONDS);
        CommandResult<List<ChatMessage>> first = reader.historyBefore(uri, 2, 5).get(10, TimeUnit.SECONDS);
        CommandResult<List<ChatMessage>> all = reader.history(uri, 50).get(10, TimeUnit.SECONDS);

        assertThat(last3.code()).isEqualTo(200);
        assertThat(last3.value()).extracting(ChatMessage::msgid).containsExactly(8L, 9L, 10L);
        assertThat(last3.value()).extracting(ChatMessage::text).containsExactly("m8", "m9", "m10");
        assertThat(last3.value()).allSatisfy(m -> {
            assertThat(m.author()).isEqualTo(user("gina"));
            assertThat(m.room()).isEqualTo(uri.toString());
        });
        assertThat(page.value()).extracting(ChatMessage::msgid).containsExactly(5L, 6L, 7L);
        assertThat(first.value()).extracting(ChatMessage::text).containsExactly("m1");
        assertThat(all.value()).extracting(ChatMessage::msgid).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
        List<StoredMessage> stored = node.stored(room);
        assertThat(all.value()).extracting(ChatMessage::ts).containsExactlyElementsOf(stored.stream().map(StoredMessage::ts).toList());
    }

    @Test
    void historyNamesTheMsgidsARoomSkippedAndPostsNumberOnBeyondThem() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        RoomUri uri = TestNode.uri(room);
        ChatClient kim = node.connect(user("kim"));
        joined(kim, uri);
        for (String text : List.of("before 1", "before 2")) {
            assertThat(kim.post(uri, text).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        // what a failover does on the store that takes the writes (PoolFailoverTest drives real ones)
        ChatStore store = node.node.store();
        store.endpoints().writer().inTransaction(c -> {
            MsgidGaps.record(c, room.id(), new MsgidGap(3, 102), Instant.now());
            return null;
        });
        store.messageLog().forgetAllRooms().get(10, TimeUnit.SECONDS); // as a change of writer does
        assertThat(kim.post(uri, "after").get(10, TimeUnit.SECONDS).status()).isEqualTo(200);

        HistoryPage all = kim.historyPage(uri, 50).get(10, TimeUnit.SECONDS).value();
        HistoryPage belowAfter = kim.historyPageBefore(uri, 103, 1).get(10, TimeUnit.SECONDS).value();
        HistoryPage belowGap = kim.historyPageBefore(uri, 3, 5).get(10, TimeUnit.SECONDS).value();

        assertThat(all.messages()).extracting(ChatMessage::msgid).containsExactly(1L, 2L, 103L);
        assertThat(all.gaps()).containsExactly(new Gap(3, 102));
        assertThat(belowAfter.messages()).extracting(ChatMessage::msgid).containsExactly(2L);
        assertThat(belowAfter.gaps()).as("the page spans from its oldest message up").containsExactly(new Gap(3, 102));
        assertThat(belowGap.messages()).extracting(ChatMessage::msgid).containsExactly(1L, 2L);
        assertThat(belowGap.gaps()).as("nothing of the gap is below msgid 3").isEmpty();
    }

    @Test
    void chatSearchFindsMessagesByTextAndByAuthorOldestFirst() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        RoomUri uri = TestNode.uri(room);
        ChatClient ivan = node.connect(user("ivan"));
        ChatClient judy = node.connect(user("judy"));
        joined(ivan, uri);
        joined(judy, uri);
        ok(ivan.post(uri, "the Deploy is green"));
        ok(judy.post(uri, "lunch?"));
        ok(judy.post(uri, "deploy again tomorrow"));
        ok(ivan.post(uri, "sure"));

        CommandResult<List<ChatMessage>> byText = ivan.searchChat(uri, "DEPLOY").get(10, TimeUnit.SECONDS);
        CommandResult<List<ChatMessage>> byAuthor = ivan.searchChat(Qib.chatSearch(uri.toString(), null, user("judy"), null, null, null))
                .get(10, TimeUnit.SECONDS);
        CommandResult<List<ChatMessage>> both = ivan.searchChat(Qib.chatSearch(uri.toString(), "deploy", user("ivan"), null, null, null))
                .get(10, TimeUnit.SECONDS);
        CommandResult<List<ChatMessage>> none = ivan.searchChat(uri, "nothing like this").get(10, TimeUnit.SECONDS);

        assertThat(byText.code()).isEqualTo(200);
        assertThat(byText.value()).extracting(ChatMessage::text).containsExactly("the Deploy is green", "deploy again tomorrow");
        assertThat(byText.value()).extracting(ChatMessage::msgid).containsExactly(1L, 3L);
        assertThat(byAuthor.value()).extracting(ChatMessage::text).containsExactly("lunch?", "deploy again tomorrow");
        assertThat(both.value()).extracting(ChatMessage::msgid).containsExactly(1L);
        assertThat(none.code()).isEqualTo(200);
        assertThat(none.value()).isEmpty();
    }

    static JoinedRoom joined(ChatClient client, RoomUri room) throws Exception {
        CommandResult<java.util.Optional<JoinedRoom>> r = client.join(room).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.code()).as("join of " + room + " by " + client.user()).isEqualTo(200);
        return r.value().orElseThrow();
    }

    static void ok(CompletableFuture<PostResult> post) throws Exception {
        assertThat(post.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
    }
}
