package io.pchat.client;

import gov.nist.javax.sip.message.SIPResponse;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.Notice;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Uib;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Posts and what the node sends unasked: messages, notices, OPTIONS. */
class DialogTrafficTest {

    static final RoomUri ROOM = RoomUri.of("example.com", "room-1");
    private FakeChatNode node;
    private ChatClient client;

    @BeforeEach
    void start() throws Exception {
        node = new FakeChatNode();
        client = ChatClient.open(node.options());
    }

    @AfterEach
    void stop() {
        client.close();
        node.close();
    }

    @Test
    void aStoredPostCompletesWith200AndComesBackWithItsMsgid() throws Exception {
        ChatEvents events = client.events();
        PostResult result = client.post(ROOM, "hello\r\nworld").get(5, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.isStored()).isTrue();
        GroupChat sent = (GroupChat) node.decode(node.requests("INFO").get(0)).items().get(0);
        assertThat(sent.chanUri()).isEqualTo(ROOM.toString());
        assertThat(sent.ts()).as("real servers refuse a post without ts").isNotNull();
        assertThat(sent.msgid()).isNull();
        assertThat(sent.chat()).isEqualTo("hello\r\nworld");
        GroupChat delivered = events.nextMessage(Duration.ofSeconds(5)).orElseThrow();
        assertThat(delivered.msgid()).isEqualTo(100L);
        assertThat(delivered.chat()).isEqualTo("hello\r\nworld");
    }

    @Test
    void aRefusedPostCompletesWithTheRefusal() throws Exception {
        node.posts = chat -> new FakeChatNode.PostAnswer(403, 0);
        assertThat(client.post(ROOM, "no").get(5, TimeUnit.SECONDS).status()).isEqualTo(403);
        node.posts = chat -> new FakeChatNode.PostAnswer(413, 0);
        assertThat(client.post(ROOM, "long").get(5, TimeUnit.SECONDS).isStored()).isFalse();
    }

    @Test
    void anOverloadedNodeSays503WithRetryAfter() throws Exception {
        node.posts = chat -> new FakeChatNode.PostAnswer(503, 7);
        PostResult result = client.post(ROOM, "later").get(5, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(503);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void alertsAndStoriesCarryTheirMarks() throws Exception {
        client.postAlert(ROOM, "fire").get(5, TimeUnit.SECONDS);
        client.postStory(ROOM, "Title", "long text").get(5, TimeUnit.SECONDS);
        GroupChat alert = (GroupChat) node.decode(node.requests("INFO").get(0)).items().get(0);
        GroupChat story = (GroupChat) node.decode(node.requests("INFO").get(1)).items().get(0);
        assertThat(alert.alert()).isTrue();
        assertThat(story.storyTitle()).isEqualTo("Title");
    }

    @Test
    void pushedMessagesAndNoticesReachListenersInOrderAndAreAnswered200() throws Exception {
        ChatEvents events = client.events();
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        client.addListener(new ChatListener() {
            @Override
            public void onMessage(GroupChat message) {
                heard.add("message " + message.msgid());
            }

            @Override
            public void onNotice(Notice notice) {
                heard.add("notice " + notice.name());
            }
        });
        GroupChat chat = new GroupChat(1, ROOM.toString(), "sip:bob@example.com", Instant.parse("2026-11-26T09:00:01Z"),
                5L, "hi", false, null);
        SIPResponse answer = node.push(chat, Notice.of("join", 2, Uib.joined("sip:dave@example.com", ROOM)))
                .get(5, TimeUnit.SECONDS);

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(heard).containsExactly("message 5", "notice join");
        GroupChat received = events.nextMessage(Duration.ofSeconds(5)).orElseThrow();
        assertThat(received.author()).isEqualTo("sip:bob@example.com");
        assertThat(received.ts()).isEqualTo(Instant.parse("2026-11-26T09:00:01Z"));
        assertThat(events.nextNotice(Duration.ofSeconds(5))).isPresent();
    }

    @Test
    void aBodyThatIsNoEnvelopeIsAnswered400() throws Exception {
        SIPResponse answer = node.push(new io.pchat.protocol.xccos.Envelope(1, 1, java.util.List.of()))
                .thenCompose(ok -> node.pushRaw("<not-xccos/>")).get(5, TimeUnit.SECONDS);
        assertThat(answer.getStatusCode()).isEqualTo(400);
        assertThat(client.isOpen()).isTrue();
    }
}
