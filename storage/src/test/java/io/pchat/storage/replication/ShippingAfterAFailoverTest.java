package io.pchat.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.storage.db.Endpoints;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.pool.PoolEpoch;
import io.pchat.storage.pool.PoolRecord;
import io.pchat.storage.pool.PoolStore;

/**
 * A node that has not followed a failover yet reads its retired writer's pool record (which
 * carries the new epoch): it must not adopt that epoch, and its shipping must not copy the old
 * primary's unshipped messages into the backup, which writes now and has given those msgids to
 * new messages.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShippingAfterAFailoverTest {
    private static final Duration MANUAL = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    @Test
    void aNodeStillOnTheRetiredPrimaryCannotShipIntoTheFailedOverBackup() throws Exception {
        try (Cluster cluster = new Cluster(dir, MANUAL); Endpoints other = Endpoints.open(cluster.config)) {
            PoolEpoch otherEpoch = new PoolEpoch(1);
            ReplicatedLog otherNode = ReplicatedLog.open(other, otherEpoch);
            Replication otherReplication = otherNode.replication();
            Awaitility.await().atMost(Duration.ofSeconds(10)) // its first (empty) ship pass
                    .until(() -> otherReplication.backupStatus().orElseThrow().shippedAsOf() != null);
            try {
                for (int i = 0; i < 10; i++) {
                    cluster.log.append(NewMessage.chat("a", "sip:a@x", "shipped #" + i)).join();
                }
                cluster.replication.shipNow();
                for (int i = 0; i < 5; i++) {
                    cluster.log.append(NewMessage.chat("a", "sip:a@x", "unshipped #" + i)).join();
                }

                FailoverReport report = cluster.replication.promoteBackup();
                assertThat(report.lostMessages()).isEqualTo(5);
                StoredMessage first = cluster.log.append(NewMessage.chat("a", "sip:b@x", "after failover")).join();
                assertThat(first.msgid()).as("beyond the 5 the old primary handed out").isEqualTo(16);

                // the other node's heartbeat: read the pool record from its writer (the retired primary)...
                PoolRecord seen = new PoolStore(other, otherEpoch, Clock.systemUTC()).read();
                assertThat(seen.state().name()).isEqualTo("RETIRED");
                assertThat(otherEpoch.current()).as("no epoch adopted from a retired record").isEqualTo(1);
                // ...and a ship pass runs before it has followed the backup: refused, or nothing shipped
                long shipped;
                try {
                    shipped = otherReplication.shipNow();
                } catch (io.pchat.storage.FencedWriteException refused) {
                    shipped = 0;
                }

                List<String> onBackup = Cluster.contents(cluster.backup()).get("a").stream()
                        .map(m -> m.msgid() + ":" + m.text()).toList();
                assertThat(shipped).as("a node on the retired primary ships into the promoted backup").isZero();
                assertThat(onBackup).noneMatch(s -> s.contains("unshipped"));
            } finally {
                otherNode.close();
            }
        }
    }
}
