package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.storage.log.StoredMessage;

/**
 * An ordered shutdown in the middle of a steady post load loses no acknowledged message: every
 * post the node answered 200 is in the store when the node is started again on the same data.
 */
class ShutdownUnderLoadTest {
    private static final int POSTERS = 4;
    private static final int MIN_ACKNOWLEDGED_BEFORE_STOP = 200;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedPostIsStoredAfterAStopUnderLoad() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean stopping = new AtomicBoolean();
        RoomUri lobby;
        String lobbyId;
        try (TestNode node = TestNode.start(dir)) {
            lobby = node.lobby();
            lobbyId = node.lobbyRoom().id();
            CountDownLatch done = new CountDownLatch(POSTERS);
            for (int p = 0; p < POSTERS; p++) {
                ChatClient client = node.connect(user("poster" + p));
                assertThat(client.join(lobby).get(10, TimeUnit.SECONDS).isOk()).isTrue();
                int id = p;
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; !stopping.get(); i++) {
                            String text = "p" + id + "-" + i;
                            try {
                                PostResult r = client.post(lobby, text).get(10, TimeUnit.SECONDS);
                                if (r.status() == 200) {
                                    acknowledged.add(text);
                                } else {
                                    refused.incrementAndGet();
                                }
                            } catch (Exception e) {
                                refused.incrementAndGet(); // the node went away mid-post: not acknowledged
                                if (stopping.get()) {
                                    return;
                                }
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }, "poster-" + p);
                t.start();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acknowledged.size() < MIN_ACKNOWLEDGED_BEFORE_STOP && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(acknowledged).as("the load really ran before the stop").hasSizeGreaterThanOrEqualTo(
                    MIN_ACKNOWLEDGED_BEFORE_STOP);
            stopping.set(true);
            node.node.stop(); // in order, while posts are in flight
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }

        try (TestNode again = TestNode.start(dir)) {
            List<StoredMessage> stored = again.store().history().last(lobbyId, 10_000).get(30, TimeUnit.SECONDS);
            Set<String> texts = ConcurrentHashMap.newKeySet();
            stored.forEach(m -> texts.add(m.text()));
            assertThat(texts).containsAll(acknowledged);
            assertThat(stored).extracting(StoredMessage::msgid).as("no gap").doesNotHaveDuplicates()
                    .isSorted().hasSize((int) stored.get(stored.size() - 1).msgid());
        }
    }
}
