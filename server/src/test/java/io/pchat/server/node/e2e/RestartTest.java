package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.ChattingTest.joined;
import static io.pchat.server.node.e2e.ChattingTest.ok;
import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatMessage;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRole;

/** A node stopped and started again on the same data directory has everything it had, and msgids go on. */
class RestartTest {

    @TempDir
    Path dir;

    @Test
    void roomsMembershipsAndMessagesSurviveARestartAndMsgidsContinue() throws Exception {
        String roomName;
        RoomUri uri;
        List<StoredMessage> before;
        String lobbyId;
        try (TestNode first = TestNode.start(dir)) {
            lobbyId = first.lobbyRoom().id();
            Room secret = first.createRoom(s -> s.withPrivacy(Privacy.SECRET).withTopic("kept"));
            roomName = secret.name();
            uri = TestNode.uri(secret);
            first.store().rooms().addRole(secret.id(), RoomRole.MEMBER, user("alice"), user("admin"));
            ChatClient alice = first.connect(user("alice"));
            joined(alice, uri);
            for (int i = 1; i <= 5; i++) {
                ok(alice.post(uri, "before restart " + i));
            }
            joined(alice, first.lobby());
            ok(alice.post(first.lobby(), "lobby before"));
            before = first.stored(secret);
            assertThat(before).hasSize(5);
        }

        try (TestNode second = TestNode.start(dir)) {
            Room again = second.store().rooms().byName(roomName).orElseThrow();
            assertThat(again.id()).isEqualTo(uri.id());
            assertThat(again.topic()).isEqualTo("kept");
            assertThat(second.lobbyRoom().id()).as("the Lobby is not seeded twice").isEqualTo(lobbyId);
            assertThat(second.store().rooms().roles(again.id()).isMember(user("alice"))).isTrue();
            ChatClient alice = second.connect(user("alice"));
            Recorder aliceHears = Recorder.on(alice);
            ChatClient bob = second.connect(user("bob"));

            assertThat(bob.join(uri).get(10, TimeUnit.SECONDS).code()).as("still secret to others").isEqualTo(404);
            assertThat(joined(alice, uri).topic()).isEqualTo("kept");
            List<ChatMessage> history = alice.history(uri, 30).get(10, TimeUnit.SECONDS).value();
            ok(alice.post(uri, "after restart"));

            assertThat(history).extracting(ChatMessage::msgid).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(history).extracting(ChatMessage::text).containsExactlyElementsOf(before.stream().map(StoredMessage::text).toList());
            assertThat(history).extracting(ChatMessage::ts).containsExactlyElementsOf(before.stream().map(StoredMessage::ts).toList());
            GroupChat next = aliceHears.awaitMessages(uri, 1).get(0);
            assertThat(next.msgid()).isEqualTo(6L);
            assertThat(second.stored(again)).extracting(StoredMessage::msgid).containsExactlyElementsOf(LongStream.rangeClosed(1, 6).boxed().toList());
            assertThat(second.storedTexts(second.lobbyRoom())).containsExactly("lobby before");
        }
    }
}
