package io.pchat.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.storage.FencedWriteException;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.log.HistoryCache;
import io.pchat.storage.log.LogReplica;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.log.MsgidGap;
import io.pchat.storage.log.MsgidGaps;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.pool.PoolEpoch;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailoverTest {
    /** Long enough that only {@code shipNow()} ships. */
    private static final Duration MANUAL = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private static List<StoredMessage> post(Cluster cluster, String room, int count) {
        return cluster.post(room, count);
    }

    @Test
    void promoteBackupReportsExactlyTheAcknowledgedMessagesTheBackupLacks() throws Exception {
        try (Cluster cluster = new Cluster(dir, MANUAL)) {
            List<StoredMessage> acked = new ArrayList<>();
            for (String room : List.of("a", "b", "c")) {
                acked.addAll(post(cluster, room, 10));
            }
            cluster.replication.shipNow();
            acked.addAll(post(cluster, "a", 5));
            acked.addAll(post(cluster, "b", 3));
            acked.addAll(post(cluster, "d", 2));

            FailoverReport report = cluster.replication.promoteBackup();

            Set<StoredMessage> onBackup = new HashSet<>();
            Cluster.contents(cluster.backup()).values().forEach(onBackup::addAll);
            Map<String, List<Long>> expected = new TreeMap<>();
            for (StoredMessage m : acked) {
                if (!onBackup.contains(m)) {
                    expected.computeIfAbsent(m.roomId(), r -> new ArrayList<>()).add(m.msgid());
                }
            }
            assertThat(expected).containsOnlyKeys("a", "b", "d"); // the test really left messages unshipped
            assertThat(report.oldPrimaryReadable()).isTrue();
            assertThat(report.lost()).containsExactly(
                    RoomLoss.of("a", expected.get("a")), RoomLoss.of("b", expected.get("b")),
                    RoomLoss.of("d", expected.get("d")));
            assertThat(report.lost().get(0).ranges()).containsExactly(new MsgidRange(11, 15));
            assertThat(report.lostMessages()).isEqualTo(10);
            assertThat(report.shippedThrough()).isEqualTo(Map.of("a", 10L, "b", 10L, "c", 10L));
            assertThat(report.epoch()).isEqualTo(2);

            // the backup writes now, numbering on beyond every msgid the old primary handed out, never reusing one;
            // the skipped msgids are recorded, so history says they do not exist
            assertThat(report.skipped()).isEqualTo(Map.of("a", new MsgidGap(11, 15), "b", new MsgidGap(11, 13),
                    "d", new MsgidGap(1, 2)));
            assertThat(cluster.endpoints.writer()).isSameAs(cluster.backup());
            assertThat(post(cluster, "a", 1).get(0).msgid()).isEqualTo(16);
            assertThat(post(cluster, "d", 1).get(0).msgid()).isEqualTo(3);
            assertThat(post(cluster, "c", 1).get(0).msgid()).isEqualTo(11);
            List<MsgidGap> recorded = cluster.backup().inTransaction(c -> MsgidGaps.overlapping(c, "a", 1, 100));
            assertThat(recorded).containsExactly(new MsgidGap(11, 15));
        }
    }

    @Test
    void whenTheOldPrimaryIsGoneTheReportGivesTheLastShippedPositions() throws Exception {
        try (Cluster cluster = new Cluster(dir, MANUAL)) {
            post(cluster, "a", 4);
            cluster.replication.shipNow();
            post(cluster, "a", 2);
            cluster.primaryServer.stop();

            FailoverReport report = cluster.replication.promoteBackup();

            assertThat(report.oldPrimaryReadable()).isFalse();
            assertThat(report.lost()).isEmpty();
            assertThat(report.shippedThrough()).isEqualTo(Map.of("a", 4L));
            // what the lost side handed out is unknown: the numbering skips storage.failoverMsgidMargin
            long margin = cluster.config.failoverMsgidMargin();
            assertThat(report.skipped()).isEqualTo(Map.of("a", new MsgidGap(5, 4 + margin)));
            assertThat(post(cluster, "a", 1).get(0).msgid()).isEqualTo(5 + margin);
        }
    }

    @Test
    void afterPromoteBackupAWriteUnderTheOldEpochIsRefusedAndNothingOfItIsStored() throws Exception {
        try (Cluster cluster = new Cluster(dir, MANUAL);
                Endpoints cutOff = Endpoints.open(cluster.config)) {
            // another node of the lost data center, still at epoch 1
            PoolEpoch oldEpoch = new PoolEpoch(1);
            MessageLog oldNode = MessageLog.open(cutOff, oldEpoch, new HistoryCache(10, 10), LogReplica.NONE);
            try {
                assertThat(oldNode.append(NewMessage.chat("x", "sip:old@x", "before")).join().msgid()).isEqualTo(1);
                post(cluster, "a", 3);
                cluster.replication.shipNow();

                cluster.replication.promoteBackup();

                assertThatThrownBy(() -> oldNode.append(NewMessage.chat("x", "sip:old@x", "on the old primary")).join())
                        .hasCauseInstanceOf(FencedWriteException.class);
                cutOff.switchWriter(cutOff.backup().orElseThrow()); // it follows the failover, not the epoch
                assertThatThrownBy(() -> oldNode.append(NewMessage.chat("x", "sip:old@x", "on the backup")).join())
                        .hasCauseInstanceOf(FencedWriteException.class);
                // nor can it ship into the promoted backup
                LogRow row = new LogRow(new StoredMessage("x", 2, java.time.Instant.parse("2024-01-01T00:00:00Z"),
                        "sip:old@x", "shipped late", false, null), 1);
                assertThatThrownBy(() -> LogCopier.apply(cluster.backup(), 1, List.of(row)))
                        .isInstanceOf(FencedWriteException.class);

                assertThat(Cluster.contents(cluster.primary()).get("x")).extracting(StoredMessage::text)
                        .containsExactly("before");
                assertThat(Cluster.contents(cluster.backup()).get("x")).extracting(StoredMessage::text)
                        .containsExactly("before");
            } finally {
                oldNode.close();
            }
        }
    }

    @Test
    void failbackShipsTheBackupsNewMessagesToThePrimaryAndBothAgree() throws Exception {
        try (Cluster cluster = new Cluster(dir, MANUAL)) {
            post(cluster, "a", 10);
            post(cluster, "b", 10);
            cluster.replication.shipNow();
            post(cluster, "a", 3); // never shipped: lost at failover
            FailoverReport failover = cluster.replication.promoteBackup();
            assertThat(failover.lost()).containsExactly(new RoomLoss("a", 3, List.of(new MsgidRange(11, 13))));

            assertThat(failover.skipped()).containsEntry("a", new MsgidGap(11, 13));
            List<StoredMessage> duringFailover = new ArrayList<>(post(cluster, "a", 5)); // 14..18: 11..13 never reused
            assertThat(duringFailover).extracting(StoredMessage::msgid).containsExactly(14L, 15L, 16L, 17L, 18L);
            duringFailover.addAll(post(cluster, "c", 2));
            cluster.endpoints.writeMetadata(cluster.epoch.current(), c -> {
                try (var s = c.prepareStatement("INSERT INTO pool_active_node (node_id) VALUES ('dc2-node')")) {
                    return s.executeUpdate();
                }
            });

            Instant beforeFailback = Instant.now();
            FailbackReport report = cluster.replication.failback();

            assertThat(report.discarded()).containsExactly(new RoomLoss("a", 3, List.of(new MsgidRange(11, 13))));
            assertThat(report.differences()).isEmpty();
            // the mirror, left behind by the failover, still holds the lost posts: named, and it stays out
            assertThat(report.onMirror()).containsExactly(new RoomLoss("a", 3, List.of(new MsgidRange(11, 13))));
            assertThat(report.mirror()).startsWith("retired");
            assertThat(cluster.mirror().inTransaction(c -> Jdbc.one(c,
                    "SELECT state FROM pool_state WHERE id = 1", rs -> rs.getString(1))).orElseThrow()).isEqualTo("RETIRED");
            assertThat(cluster.replication.mirrorState()).isEqualTo(MirrorState.RETIRED);
            assertThat(report.shipped()).isEqualTo(7);
            assertThat(report.epoch()).isEqualTo(3);
            Map<String, List<StoredMessage>> onPrimary = Cluster.contents(cluster.primary());
            assertThat(onPrimary).isEqualTo(Cluster.contents(cluster.backup()));
            assertThat(onPrimary.values().stream().flatMap(List::stream).toList()).containsAll(duringFailover);
            assertThat(MirrorReplicationTest.activeNodes(cluster.primary())).containsExactly("dc2-node");
            // the one hole is the recorded gap, on the primary too: it numbers on beyond it
            assertThat(onPrimary.get("a")).extracting(StoredMessage::msgid).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
                    9L, 10L, 14L, 15L, 16L, 17L, 18L);
            List<MsgidGap> copied = cluster.primary().inTransaction(c -> MsgidGaps.overlapping(c, "a", 1, 100));
            assertThat(copied).containsExactly(new MsgidGap(11, 13));
            MirrorReplicationTest.assertGapFree(Map.of("b", onPrimary.get("b"), "c", onPrimary.get("c")));

            // the primary writes again, and shipping to the backup goes on: the failback restarts it
            // with a pass at once (in the background; waited for, so that it cannot take the next post)
            assertThat(cluster.endpoints.writer()).isSameAs(cluster.primary());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                Instant asOf = cluster.replication.backupStatus().orElseThrow().shippedAsOf();
                return asOf != null && asOf.isAfter(beforeFailback);
            });
            assertThat(post(cluster, "a", 1).get(0).msgid()).isEqualTo(19);
            assertThat(cluster.replication.shipNow()).isEqualTo(1);
            assertThat(Cluster.contents(cluster.backup())).isEqualTo(Cluster.contents(cluster.primary()));
        }
    }
}
