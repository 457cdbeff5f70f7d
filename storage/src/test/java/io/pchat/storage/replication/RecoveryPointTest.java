package io.pchat.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.storage.StorageException;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.log.NewMessage;

/** The recovery point a failover would have now: measured without changing anything, honest when it cannot be. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryPointTest {
    @TempDir
    Path dir;

    @Test
    void itListsPerRoomTheMessagesNotYetShippedAndChangesNothing() throws Exception {
        try (Cluster cluster = new Cluster(dir, Duration.ofMinutes(10))) {
            for (int i = 0; i < 6; i++) {
                cluster.log.append(NewMessage.chat("room-" + (i % 2), "sip:a@x", "shipped " + i)).join();
            }
            assertThat(cluster.replication.shipNow()).isEqualTo(6);
            for (int i = 0; i < 5; i++) {
                cluster.log.append(NewMessage.chat(i < 4 ? "room-0" : "room-1", "sip:a@x", "not shipped " + i)).join();
            }

            RecoveryPoint point = cluster.replication.recoveryPoint();

            assertThat(point.measured()).isTrue();
            assertThat(point.writer()).isEqualTo(cluster.primary().name());
            assertThat(point.backup()).isEqualTo(cluster.backup().name());
            assertThat(point.unshippedMessages()).isEqualTo(5);
            assertThat(point.unshipped()).extracting(RoomLoss::roomId, RoomLoss::count)
                    .containsExactly(tuple("room-0", 4L), tuple("room-1", 1L));
            assertThat(point.unshipped().get(0).ranges()).extracting(MsgidRange::toString).containsExactly("4..7");
            assertThat(cluster.primary().epoch()).as("nothing fenced, nothing promoted").isEqualTo(cluster.backup().epoch());

            assertThat(cluster.replication.shipNow()).as("shipping still goes on").isEqualTo(5);
            assertThat(cluster.replication.recoveryPoint().unshipped()).isEmpty();
        }
    }

    @Test
    void aBackupThatDoesNotAnswerMakesItUnmeasuredWithTheReason() throws Exception {
        try (Cluster cluster = new Cluster(dir, Duration.ofMinutes(10))) {
            cluster.log.append(NewMessage.chat("room-0", "sip:a@x", "one")).join();
            cluster.backupServer.stop();

            RecoveryPoint point = cluster.replication.recoveryPoint();

            assertThat(point.measured()).isFalse();
            assertThat(point.unshipped()).isEmpty();
            assertThat(point.problem()).isNotBlank();
        }
    }

    @Test
    void afterAFailoverThereIsNothingToPreview() throws Exception {
        try (Cluster cluster = new Cluster(dir, Duration.ofMinutes(10))) {
            cluster.log.append(NewMessage.chat("room-0", "sip:a@x", "one")).join();
            cluster.replication.promoteBackup();
            assertThatThrownBy(() -> cluster.replication.recoveryPoint()).isInstanceOf(StorageException.class)
                    .hasMessageContaining("already takes the writes");
            assertThat(cluster.replication.writerRole()).isEqualTo(EndpointRole.BACKUP);
        }
    }
}
