package io.pchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.Sib;
import io.pchat.server.session.InfoVerdict;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;

/** When storage cannot take more, posts are refused 503 with Retry-After and nothing is stored. */
class OverloadTest {

    @Test
    void aSaturatedLogRefusesThePost503WithRetryAfterAndStoresNothingOfIt() throws Exception {
        try (ChatFixture chat = new ChatFixture(s -> s, s -> s.appendQueueCapacity(1).groupCommitMaxBatch(1))) {
            Room room = chat.room("open", Privacy.OPEN);
            FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
            chat.joined(alice, room);
            CountDownLatch release = PostsTest.holdWriter(chat);

            CompletableFuture<InfoVerdict> queued = chat.send(alice, PostsTest.post(room, alice.user(), "first"))
                    .toCompletableFuture();
            InfoVerdict refused = chat.post(alice, PostsTest.post(room, alice.user(), "second"));
            release.countDown();

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.retryAfterSeconds()).isBetween(1, 2);
            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(InfoVerdict.OK);
            assertThat(chat.storedTexts(room)).containsExactly("first");
        }
    }

    @Test
    void aFencedLogAfterAFailoverRefusesPosts503AndStoresNothing() {
        try (ChatFixture chat = new ChatFixture()) {
            Room room = chat.room("open", Privacy.OPEN);
            FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
            chat.joined(alice, room);
            chat.store.endpoints().writer().inTransaction(c -> c.createStatement()
                    .executeUpdate("UPDATE pool_state SET epoch = 7 WHERE id = 1"));

            InfoVerdict verdict = chat.post(alice, room, "lost?");

            assertThat(verdict.status()).isEqualTo(503);
            assertThat(verdict.retryAfterSeconds()).isPositive();
            assertThat(chat.storedTexts(room)).isEmpty();
            assertThat(alice.chats()).isEmpty();
        }
    }

    @Test
    void aFullStorageQueueAnswersCommands503AtOnce() throws Exception {
        try (ChatFixture chat = new ChatFixture(s -> s, s -> s, new StorageExecutor(1, 1))) {
            FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
            assertThat(chat.call(alice, "requri").resp().code()).isEqualTo(200); // the user lookup is done
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch busy = new CountDownLatch(1);
            chat.storage.call(() -> {
                busy.countDown();
                return release.await(10, TimeUnit.SECONDS);
            });
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue(); // the only thread is taken
            java.util.concurrent.CompletableFuture<Object> queued = chat.storage.call(() -> null);
            assertThat(queued).isNotDone(); // and now the queue is full

            Reply reply = chat.call(alice, "getserverinfo", Sib.request("example.com", "1"));
            release.countDown();
            queued.get(10, TimeUnit.SECONDS); // the queue has drained

            assertThat(reply.resp().code()).isEqualTo(503);
            assertThat(reply.resp().text()).isEqualTo("DATABASE_CONNECTION");
            assertThat(chat.call(alice, "getserverinfo", Sib.request("example.com", "1")).resp().code()).isEqualTo(200);
        }
    }
}
