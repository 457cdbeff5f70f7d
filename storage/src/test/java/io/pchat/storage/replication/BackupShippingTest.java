package io.pchat.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.storage.log.NewMessage;
import io.pchat.storage.log.StoredMessage;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackupShippingTest {
    @TempDir
    Path dir;

    @Test
    void theBackupNeverLagsMoreThanTheShipIntervalPlusOnePass() throws Exception {
        Duration interval = Duration.ofMillis(200);
        try (Cluster cluster = new Cluster(dir, interval)) {
            Load load = new Load(cluster.log, 4, 6);
            Duration maxLag = Duration.ZERO;
            Duration maxPass = Duration.ZERO;
            int samples = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end) {
                BackupStatus status = cluster.replication.backupStatus().orElseThrow();
                maxLag = max(maxLag, status.lag());
                maxPass = max(maxPass, status.lastPass());
                samples++;
                Thread.sleep(10);
            }
            load.close();

            assertThat(load.ackedCount()).as("the load really ran").isGreaterThan(300);
            assertThat(samples).isGreaterThan(50);
            assertThat(maxLag).as("max lag %s, longest pass %s", maxLag, maxPass)
                    .isLessThanOrEqualTo(interval.plus(maxPass).plusMillis(150));

            cluster.replication.shipNow();
            assertThat(cluster.replication.backupStatus().orElseThrow().unshippedMessages()).isZero();
            Map<String, List<StoredMessage>> onPrimary = Cluster.contents(cluster.primary());
            assertThat(Cluster.contents(cluster.backup())).isEqualTo(onPrimary);
            assertThat(onPrimary.values().stream().mapToLong(List::size).sum()).isEqualTo(load.ackedCount());
        }
    }

    @Test
    void shippingTheSameRangeAgainChangesNothing() throws Exception {
        try (Cluster cluster = new Cluster(dir, Duration.ofMinutes(10))) {
            for (int i = 0; i < 50; i++) {
                cluster.log.append(NewMessage.chat("room-" + (i % 3), "sip:a@x", "m" + i)).join();
            }
            cluster.endpoints.writeMetadata(1, c -> {
                try (var s = c.prepareStatement("INSERT INTO pool_active_node (node_id) VALUES ('node-a')")) {
                    return s.executeUpdate();
                }
            });
            assertThat(cluster.replication.shipNow()).isEqualTo(50);
            Map<String, List<StoredMessage>> shipped = Cluster.contents(cluster.backup());
            assertThat(MirrorReplicationTest.activeNodes(cluster.backup())).containsExactly("node-a");

            // forget every position (as after a crash before they were saved) and the metadata version
            Cluster.execute(cluster.primary(), "UPDATE replication_position SET last_msgid = 0");
            Cluster.execute(cluster.primary(), "UPDATE replication_state SET metadata_version = -1");
            assertThat(cluster.replication.shipNow()).as("everything shipped again").isEqualTo(50);

            assertThat(Cluster.contents(cluster.backup())).isEqualTo(shipped);
            assertThat(MirrorReplicationTest.activeNodes(cluster.backup())).containsExactly("node-a");
            assertThat(cluster.replication.backupStatus().orElseThrow().unshippedMessages()).isZero();

            // without positions at all, shipping starts from what the backup holds
            Cluster.execute(cluster.primary(), "DELETE FROM replication_position");
            assertThat(cluster.replication.shipNow()).isZero();
            cluster.log.append(NewMessage.chat("room-0", "sip:a@x", "one more")).join();
            assertThat(cluster.replication.shipNow()).isEqualTo(1);
            assertThat(Cluster.contents(cluster.backup())).isEqualTo(Cluster.contents(cluster.primary()));
        }
    }

    @Test
    void aBackupThatWasDownIsShippedToWhenItReturns() throws Exception {
        try (Cluster cluster = new Cluster(dir, Duration.ofMillis(100))) {
            cluster.backupServer.stop();
            for (int i = 0; i < 20; i++) {
                cluster.log.append(NewMessage.chat("room-" + (i % 2), "sip:a@x", "m" + i)).join();
            }
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> cluster.replication.backupStatus().orElseThrow().lastError() != null);
            cluster.backupServer.restart();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> cluster.replication.backupStatus().orElseThrow().unshippedMessages() == 0);
            assertThat(Cluster.contents(cluster.backup())).isEqualTo(Cluster.contents(cluster.primary()));
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
