package io.pchat.client.pool;

import io.pchat.client.ChatMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Which delivered message is the echo of which post: ours, same text, after the post was sent, earlier posts first. */
class RoomPostsTest {

    private final RoomPosts posts = new RoomPosts("sip:alice@example.com");

    static ChatMessage by(String author, long msgid, String text) {
        return new ChatMessage(msgid, "ma-chan://example.com/r", author, Instant.EPOCH, text, false, null);
    }

    @Test
    void ourMessageWithTheSameTextAfterTheSendIsTheHeadsEcho() {
        RoomPosts.Post p = posts.add("hello", new CompletableFuture<>());
        posts.sent(p, 10);

        posts.delivered(by("sip:bob@example.com", 11, "hello"));
        posts.delivered(by(FakePool.ALICE, 10, "hello"));
        posts.delivered(by(FakePool.ALICE, 12, "hello!"));
        assertThat(p.echoSeen).as("another author, an older message, another text").isFalse();

        posts.delivered(by("SIP:Alice@Example.com", 13, "hello"));
        assertThat(p.echoSeen).isTrue();
    }

    @Test
    void lineEndsAreComparedAsTheXmlReaderGivesThemBack() {
        RoomPosts.Post p = posts.add("two\r\nlines\r", new CompletableFuture<>());
        posts.sent(p, 0);
        posts.delivered(by(FakePool.ALICE, 1, "two\nlines\n"));
        assertThat(p.echoSeen).isTrue();
    }

    @Test
    void anEarlierStoredPostWithTheSameTextClaimsItsEchoFirst() {
        RoomPosts.Post first = posts.add("ok", new CompletableFuture<>());
        posts.sent(first, 5);
        posts.stored(first); // 200 came before its echo
        RoomPosts.Post second = posts.add("ok", new CompletableFuture<>());
        posts.sent(second, 5);
        posts.sessionLost();

        posts.delivered(by(FakePool.ALICE, 6, "ok"));
        assertThat(second.echoSeen).as("msgid 6 is the first post's").isFalse();
        assertThat(second.state).isEqualTo(RoomPosts.State.UNKNOWN);

        posts.delivered(by(FakePool.ALICE, 7, "ok"));
        assertThat(second.echoSeen).isTrue();
    }

    @Test
    void aLostSessionMakesThePostOnTheWireUnknownAndAWaitingRetryQueued() {
        RoomPosts.Post onWire = posts.add("a", new CompletableFuture<>());
        posts.sent(onWire, 0);
        posts.sessionLost();
        assertThat(onWire.state).isEqualTo(RoomPosts.State.UNKNOWN);

        RoomPosts other = new RoomPosts(FakePool.ALICE);
        RoomPosts.Post waiting = other.add("b", new CompletableFuture<>());
        waiting.state = RoomPosts.State.WAITING_RETRY;
        other.sessionLost();
        assertThat(waiting.state).isEqualTo(RoomPosts.State.QUEUED);
    }
}
