package io.pchat.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.storage.StorageException;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.log.StoredMessage;

/**
 * "In step" means checked against the primary's own content: a mirror is IN_SYNC only once its
 * messages were compared with the primary's, row by row, and it is never promoted otherwise.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MirrorInStepTest {
    /** Long enough that only {@code shipNow()} ships. */
    private static final Duration MANUAL = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private static List<StoredMessage> post(Cluster cluster, String room, int count) {
        return cluster.post(room, count);
    }

    /** A node restarted on the same databases: a new replication and log over the same endpoints. */
    private static ReplicatedLog restarted(Cluster cluster) {
        cluster.replication.close();
        cluster.log.close();
        return ReplicatedLog.open(cluster.endpoints, cluster.epoch);
    }

    /** {@code count} posts to {@code room} through {@code node}, as acknowledged. */
    private static List<StoredMessage> postAgain(ReplicatedLog node, String room, int count) {
        List<StoredMessage> acked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            acked.add(node.log().append(NewMessage.chat(room, "sip:a@x", room + " again #" + i)).join());
        }
        return acked;
    }

    @Test
    void aMirrorHoldingAnotherMessageUnderAMsgidOfThePrimaryIsDivergedAndIsNeverPromoted() throws Exception {
        try (Cluster cluster = new Cluster(dir, MANUAL)) {
            post(cluster, "a", 10);
            post(cluster, "b", 5);
            Cluster.execute(cluster.mirror(), "UPDATE chat_message SET body = 'another post' WHERE room_id = 'a' AND msgid = 4");

            try (ReplicatedLog node = restarted(cluster)) {
                Replication again = node.replication();
                await().atMost(Duration.ofSeconds(10)).until(() -> again.mirrorState() == MirrorState.DIVERGED);
                assertThatThrownBy(again::promoteMirror).isInstanceOf(StorageException.class).hasMessageContaining("DIVERGED");
                // it stays out: later checks find the same
                Thread.sleep(1_500);
                assertThat(again.mirrorState()).isEqualTo(MirrorState.DIVERGED);
            }
        }
    }

    @Test
    void aMirrorLackingMessagesBelowItsLastOneIsFilledFromThePrimaryBeforeItIsInSync() throws Exception {
        try (Cluster cluster = new Cluster(dir, MANUAL)) {
            post(cluster, "a", 20);
            Cluster.execute(cluster.mirror(), "DELETE FROM chat_message WHERE room_id = 'a' AND msgid IN (3, 11, 12)");

            try (ReplicatedLog node = restarted(cluster)) {
                Replication again = node.replication();
                await().atMost(Duration.ofSeconds(10)).until(() -> again.mirrorState() == MirrorState.IN_SYNC);
                assertThat(Cluster.contents(cluster.mirror())).isEqualTo(Cluster.contents(cluster.primary()));
            }
        }
    }

    @Test
    void aRetiredMirrorIsNotCaughtUpUntilRebuiltFromThePrimaryThenItIsInSyncWithThePrimarysContent() throws Exception {
        try (Cluster cluster = new Cluster(dir, MANUAL)) {
            post(cluster, "a", 10);
            // what a failover and failback leave: the mirror retired, and holding a post the pool lost
            Cluster.execute(cluster.mirror(), "UPDATE pool_state SET state = 'RETIRED'");
            Cluster.execute(cluster.mirror(), "UPDATE chat_message SET body = 'lost in the failover' WHERE room_id = 'a'"
                    + " AND msgid = 9");

            try (ReplicatedLog node = restarted(cluster)) {
                Replication again = node.replication();
                await().atMost(Duration.ofSeconds(10)).until(() -> again.mirrorState() == MirrorState.RETIRED);
                postAgain(node, "a", 3);
                assertThat(Cluster.contents(cluster.mirror()).get("a")).hasSize(10); // not copied to
                assertThatThrownBy(again::promoteMirror).isInstanceOf(StorageException.class);

                List<String> progress = new ArrayList<>();
                long copied = again.rebuildMirror(progress::add);

                assertThat(copied).isEqualTo(13);
                assertThat(progress).isNotEmpty();
                await().atMost(Duration.ofSeconds(10)).until(() -> again.mirrorState() == MirrorState.IN_SYNC);
                postAgain(node, "a", 2);
                assertThat(Cluster.contents(cluster.mirror())).isEqualTo(Cluster.contents(cluster.primary()));
                String state = cluster.mirror().inTransaction(c -> io.pchat.storage.db.Jdbc.one(c,
                        "SELECT state FROM pool_state WHERE id = 1", rs -> rs.getString(1))).orElseThrow();
                assertThat(state).isEqualTo("NORMAL");
            }
        }
    }

    @Test
    void aMessageCommittedOnThePrimaryAloneIsCopiedToTheMirrorBeforeItsRoomIsSequencedAgain() throws Exception {
        try (Cluster cluster = new Cluster(dir, MANUAL)) {
            post(cluster, "a", 3);
            // a node committed msgid 4 on the primary and was killed before copying it to the mirror
            StoredMessage orphan = new StoredMessage("a", 4, Instant.parse("2026-01-01T00:00:00Z"), "sip:b@x", "orphan", false,
                    null);
            cluster.primary().inTransaction(c -> {
                MessageRows.insertIfAbsent(c, List.of(new LogRow(orphan, cluster.epoch.current())));
                return null;
            });
            cluster.log.forgetRoom("a").join(); // the room's new owner loads its counter

            StoredMessage next = post(cluster, "a", 1).get(0);

            assertThat(next.msgid()).isEqualTo(5);
            assertThat(Cluster.contents(cluster.mirror())).isEqualTo(Cluster.contents(cluster.primary()));
            assertThat(cluster.replication.mirrorState()).isEqualTo(MirrorState.IN_SYNC);
        }
    }
}
