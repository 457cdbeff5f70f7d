package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.ChattingTest.joined;
import static io.pchat.server.node.e2e.ChattingTest.ok;
import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.StorageConfig;

/**
 * Overload (docs/sip.md and 4): with the message log's writer held and its queue full, posts
 * are answered SIP 503 with Retry-After and none of them is stored or delivered; once the writer
 * goes on, the queued posts are stored and new posts succeed.
 */
class OverloadTest {

    private static final int QUEUE = 4;

    @TempDir
    Path dir;

    @Test
    void aFullLogQueueRefusesPosts503WithRetryAfterStoresNoneOfThemAndRecovers() throws Exception {
        try (TestNode node = TestNode.start(dir, c -> c.withStorage(StorageConfig.embedded(dir.resolve("db"))
                .appendQueueCapacity(QUEUE).groupCommitMaxBatch(2).build()))) {
            RoomUri lobby = node.lobby();
            ChatClient alice = node.connect(user("alice"));
            ChatClient bob = node.connect(user("bob"));
            Recorder bobHears = Recorder.on(bob);
            joined(alice, lobby);
            joined(bob, lobby);
            CountDownLatch release = holdWriter(node);

            int sent = 12;
            List<CompletableFuture<PostResult>> posts = new ArrayList<>();
            for (int i = 0; i < sent; i++) {
                posts.add(alice.post(lobby, "burst " + i));
            }
            // the refusals come at once, while the writer is still held
            await().atMost(TestNode.WAIT).until(() -> posts.stream().filter(CompletableFuture::isDone).count() == sent - QUEUE);
            assertThat(bobHears.messages).isEmpty();
            release.countDown();
            List<String> accepted = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < sent; i++) {
                PostResult r = posts.get(i).get(10, TimeUnit.SECONDS);
                if (r.status() == 200) {
                    accepted.add("burst " + i);
                } else {
                    assertThat(r.status()).isEqualTo(503);
                    assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                    refused.add("burst " + i);
                }
            }

            assertThat(accepted).hasSize(QUEUE);
            assertThat(refused).hasSize(sent - QUEUE);
            assertThat(node.storedTexts(node.lobbyRoom())).containsExactlyElementsOf(accepted);
            assertThat(bobHears.awaitMessages(lobby, QUEUE)).extracting(m -> m.chat()).containsExactlyElementsOf(accepted);
            // recovered: new posts go through, msgids without a gap
            ok(alice.post(lobby, "after"));
            assertThat(bobHears.awaitMessages(lobby, QUEUE + 1)).extracting(m -> m.msgid())
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(node.storedTexts(node.lobbyRoom())).hasSize(QUEUE + 1).endsWith("after");
        }
    }

    @Test
    void aDatabaseThatKeepsTheWriterWaitingGetsPostsRefused503AndStoresNoneOfThem() throws Exception {
        // a short lock timeout, so that each blocked batch fails quickly
        String url = StorageConfig.embeddedUrl(dir.resolve("db"));
        try (TestNode node = TestNode.start(dir, c -> c.withStorage(StorageConfig.builder()
                .primary(EndpointConfig.of(url + ";LOCK_TIMEOUT=300"))
                .appendQueueCapacity(QUEUE).groupCommitMaxBatch(2).build()))) {
            RoomUri lobby = node.lobby();
            ChatClient alice = node.connect(user("alice"));
            ChatClient bob = node.connect(user("bob"));
            Recorder bobHears = Recorder.on(bob);
            joined(alice, lobby);
            joined(bob, lobby);
            int sent = 8;
            List<CompletableFuture<PostResult>> posts = new ArrayList<>();

            // another connection holds the fencing row for longer than the database's lock timeout:
            // every log transaction waits on it and fails; the queue overflows meanwhile
            try (Connection blocker = DriverManager.getConnection(url)) {
                blocker.setAutoCommit(false);
                try (Statement st = blocker.createStatement()) {
                    st.executeQuery("SELECT epoch FROM pool_state WHERE id = 1 FOR UPDATE").close();
                }
                for (int i = 0; i < sent; i++) {
                    posts.add(alice.post(lobby, "slow " + i));
                }
                await().atMost(TestNode.WAIT).until(() -> posts.stream().allMatch(CompletableFuture::isDone));
                blocker.rollback();
            }

            assertThat(posts).hasSize(sent);
            for (CompletableFuture<PostResult> p : posts) {
                PostResult r = p.get();
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.retryAfter()).isPositive();
            }
            assertThat(node.store().messageLog().stats().failedBatches()).isPositive();
            assertThat(node.storedTexts(node.lobbyRoom())).isEmpty();
            assertThat(bobHears.messages).isEmpty();
            // the database is fast again: posts are taken, msgids start without a gap
            ok(alice.post(lobby, "after"));
            assertThat(bobHears.awaitMessages(lobby, 1)).extracting(m -> m.msgid()).containsExactly(1L);
            assertThat(node.storedTexts(node.lobbyRoom())).containsExactly("after");
        }
    }

    /** Parks the log's writer thread between two batches until the latch is released. */
    static CountDownLatch holdWriter(TestNode node) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        node.store().messageLog().betweenBatches(() -> {
            held.countDown();
            return release.await(20, TimeUnit.SECONDS);
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }
}
