package io.pchat.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.storage.log.StoredMessage;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MirrorReplicationTest {
    private static final Duration SHIP = Duration.ofMillis(200);

    @TempDir
    Path dir;

    @Test
    void whenThePrimaryIsLostMidStreamThePromotedMirrorHoldsEveryAcknowledgedMessageWithoutGap() throws Exception {
        try (Cluster cluster = new Cluster(dir, SHIP)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.replication.mirrorState() == MirrorState.IN_SYNC);
            Load load = new Load(cluster.log, 4, 6);
            await().atMost(Duration.ofSeconds(20)).until(() -> load.ackedCount() >= 300);

            cluster.primaryServer.stop();
            long ackedAtLoss = load.ackedCount();
            await().atMost(Duration.ofSeconds(10)).until(() -> load.failed.get() > 0);
            long epoch = cluster.replication.promoteMirror();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.ackedCount() >= ackedAtLoss + 200);
            load.close();

            assertThat(epoch).isEqualTo(2);
            assertThat(cluster.endpoints.writer()).isSameAs(cluster.mirror());
            assertThat(cluster.replication.mirrorState()).isEqualTo(MirrorState.NONE);
            Map<String, List<StoredMessage>> onMirror = Cluster.contents(cluster.mirror());
            assertThat(onMirror.values().stream().flatMap(List::stream).toList()).containsAll(load.acked);
            assertGapFree(onMirror);
        }
    }

    @Test
    void aMirrorThatWasDownIsCaughtUpUnderLoadAndThenHoldsExactlyThePrimarysMessages() throws Exception {
        try (Cluster cluster = new Cluster(dir, SHIP)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.replication.mirrorState() == MirrorState.IN_SYNC);
            Load load = new Load(cluster.log, 4, 6);
            await().atMost(Duration.ofSeconds(20)).until(() -> load.ackedCount() >= 200);

            cluster.mirrorServer.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.replication.mirrorState() == MirrorState.BEHIND);
            long ackedWhileBehind = load.ackedCount();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.ackedCount() >= ackedWhileBehind + 300);
            assertThat(cluster.replication.mirrorState()).isEqualTo(MirrorState.BEHIND);

            cluster.mirrorServer.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> cluster.replication.mirrorState() == MirrorState.IN_SYNC);
            long ackedInSync = load.ackedCount();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.ackedCount() >= ackedInSync + 200);
            load.close();

            assertThat(cluster.replication.mirrorState()).isEqualTo(MirrorState.IN_SYNC);
            assertThat(load.failed.get()).as("the primary kept acknowledging while the mirror was down").isZero();
            Map<String, List<StoredMessage>> onPrimary = Cluster.contents(cluster.primary());
            assertThat(Cluster.contents(cluster.mirror())).isEqualTo(onPrimary);
            assertThat(onPrimary.values().stream().mapToLong(List::size).sum()).isEqualTo(load.ackedCount());
            assertGapFree(onPrimary);
        }
    }

    @Test
    void metadataWritesAreCopiedToTheMirrorAtOnce() throws Exception {
        try (Cluster cluster = new Cluster(dir, SHIP)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.replication.mirrorState() == MirrorState.IN_SYNC);
            cluster.endpoints.writeMetadata(1, c -> {
                try (var s = c.prepareStatement("INSERT INTO pool_active_node (node_id) VALUES ('node-a')")) {
                    return s.executeUpdate();
                }
            });
            assertThat(activeNodes(cluster.mirror())).containsExactly("node-a");
        }
    }

    static List<String> activeNodes(io.pchat.storage.db.Database db) {
        return db.inTransaction(c -> {
            try (var s = c.prepareStatement("SELECT node_id FROM pool_active_node ORDER BY node_id");
                    var rs = s.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        });
    }

    static void assertGapFree(Map<String, List<StoredMessage>> byRoom) {
        assertThat(byRoom).isNotEmpty();
        for (Map.Entry<String, List<StoredMessage>> room : byRoom.entrySet()) {
            assertThat(room.getValue()).as(room.getKey()).extracting(StoredMessage::msgid)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, room.getValue().size()).boxed()
                            .collect(Collectors.toList()));
        }
    }
}
