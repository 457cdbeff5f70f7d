package io.pchat.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.storage.StorageException;
import io.pchat.storage.StorageUnavailableException;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.ReplicationMode;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.pool.PoolEpoch;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExternalReplicationTest {
    @TempDir
    Path dir;

    @Test
    void theStoreIsUnavailableWhileThePrimaryIsDownAndWritesAgainWhenItReturns() throws Exception {
        try (H2Server primary = new H2Server(Files.createDirectories(dir.resolve("p")));
                H2Server standby = new H2Server(Files.createDirectories(dir.resolve("s")))) {
            StorageConfig config = StorageConfig.builder().replication(ReplicationMode.EXTERNAL)
                    .primary(EndpointConfig.of(primary.url())).mirror(EndpointConfig.of(standby.url()))
                    .connectionTimeout(Duration.ofSeconds(1)).build();
            try (Endpoints endpoints = Endpoints.open(config);
                    ReplicatedLog node = ReplicatedLog.open(endpoints, new PoolEpoch(1))) {
                Replication replication = node.replication();
                assertThat(replication.promotesStandby()).as("an H2 mirror is not a standby pchat promotes").isFalse();
                MessageLog log = node.log();
                assertThat(replication.mirrorState()).isEqualTo(MirrorState.NONE);
                assertThat(post(log, "r").msgid()).isEqualTo(1);

                primary.stop();
                assertThatThrownBy(() -> post(log, "r")).hasCauseInstanceOf(StorageUnavailableException.class);
                primary.restart();
                // refused (503, nothing stored) until a check finds it back: within twice the probe timeout
                long msgid = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                        .until(() -> post(log, "r").msgid(), id -> id > 0);
                assertThat(msgid).isEqualTo(2);
                assertThatThrownBy(replication::promoteMirror).isInstanceOf(StorageException.class);

                // The operator promoted the standby, which replicated message 1 only (asynchronously).
                Database standbyDb = endpoints.mirror().orElseThrow();
                standbyDb.migrate();
                standbyDb.inTransaction(c -> {
                    MessageRows.insertIfAbsent(c, List.of(new LogRow(new StoredMessage("r", 1,
                            java.time.Instant.parse("2024-01-01T00:00:00Z"), "sip:a@x", "one", false, null), 1)));
                    return null;
                });
                replication.followStandby(EndpointRole.MIRROR);

                assertThat(endpoints.writer()).isSameAs(standbyDb);
                assertThat(post(log, "r").msgid()).as("numbered on from the standby's own log").isEqualTo(2);
            }
        }
    }

    private static StoredMessage post(MessageLog log, String room) {
        return log.append(NewMessage.chat(room, "sip:a@x", "hello")).join();
    }

}
