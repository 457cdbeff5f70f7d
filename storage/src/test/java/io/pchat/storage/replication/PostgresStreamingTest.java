package io.pchat.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.storage.FencedWriteException;
import io.pchat.storage.StorageException;
import io.pchat.storage.config.ReplicationMode;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.log.HistoryCache;
import io.pchat.storage.log.LogReplica;
import io.pchat.storage.log.LogRow;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.log.MessageRows;
import io.pchat.storage.log.MsgidGap;
import io.pchat.storage.log.MsgidGaps;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.pool.PoolEpoch;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * pchat on PostgreSQL's own streaming replication ({@code storage.replication: external}): a
 * primary, a synchronous standby as the mirror and an asynchronous one as the backup, three real
 * servers ({@link PostgresStreaming}). A commit the primary acknowledged is on the mirror, so when
 * the primary is killed and the mirror promoted, nothing acknowledged is lost.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostgresStreamingTest {
    @TempDir
    Path dir;

    @Test
    void theMirrorHasEveryCommitThePrimaryAcknowledgedAndOncePromotedTakesWrites() throws Exception {
        try (PostgresStreaming set = PostgresStreaming.start(dir)) {
            assertThat(set.replication()).isEqualTo(Map.of(PostgresStreaming.MIRROR, "sync", PostgresStreaming.BACKUP, "async"));
            try (Connection c = set.primary.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE acked (n INT PRIMARY KEY)");
                for (int n = 1; n <= 200; n++) {
                    s.execute("INSERT INTO acked VALUES (" + n + ")"); // autocommit: returns once the mirror flushed it
                }
            }
            PostgresStreaming.kill(set.primary);

            assertThatThrownBy(() -> execute(set.mirror, "INSERT INTO acked VALUES (0)"))
                    .as("a standby takes no write").hasMessageContaining("read-only");
            PostgresStreaming.promote(set.mirror);
            assertThat(count(set.mirror, "SELECT COUNT(*) FROM acked")).as("every acknowledged commit").isEqualTo(200);
            execute(set.mirror, "INSERT INTO acked VALUES (201)");
            assertThat(count(set.mirror, "SELECT MAX(n) FROM acked")).isEqualTo(201);
        }
    }

    @Test
    void externalReplicationLosesNothingAcknowledgedWhenThePrimaryIsKilledAndTheMirrorPromoted() throws Exception {
        try (PostgresStreaming set = PostgresStreaming.start(dir)) {
            StorageConfig config = external(set);
            try (Endpoints endpoints = Endpoints.open(config);
                    ReplicatedLog node = ReplicatedLog.open(endpoints, new PoolEpoch(1))) {
                Replication replication = node.replication();
                MessageLog log = node.log();
                try (Endpoints manual = Endpoints.open(config.toBuilder().promoteStandby(false).build())) {
                    assertThat(Replication.create(manual, new PoolEpoch(1)).promotesStandby())
                            .as("storage.promoteStandby off: a failover manager promotes").isFalse();
                }
                List<StoredMessage> acked = new ArrayList<>();
                for (int i = 0; i < 150; i++) {
                    acked.add(log.append(NewMessage.chat("room-" + (i % 3), "sip:a@x", "m" + i)).join());
                }
                PostgresStreaming.kill(set.primary);
                assertThatThrownBy(() -> log.append(NewMessage.chat("room-0", "sip:a@x", "while down")).join())
                        .as("nothing is acknowledged while no server takes writes")
                        .hasCauseInstanceOf(StorageException.class);

                // the operator (or a failover manager) promotes the synchronous standby; the pool follows it
                PostgresStreaming.promote(set.mirror);
                replication.followStandby(EndpointRole.MIRROR);

                Database mirror = endpoints.mirror().orElseThrow();
                assertThat(endpoints.writer()).isSameAs(mirror);
                List<StoredMessage> onMirror = stored(mirror);
                assertThat(onMirror).as("every acknowledged message is on the promoted mirror").containsAll(acked);
                StoredMessage next = log.append(NewMessage.chat("room-0", "sip:a@x", "after")).join();
                assertThat(next.msgid()).as("numbered on from the mirror's own log").isEqualTo(51);

                // the asynchronous backup holds a prefix of what was acknowledged, nothing else
                Set<StoredMessage> ackedSet = new HashSet<>(acked);
                assertThat(stored(endpoints.backup().orElseThrow())).allMatch(ackedSet::contains);
            }
        }
    }

    @Test
    void pchatPromotesTheSynchronousStandbyItselfFencesAnOldPrimaryThatStillAnswersAndLosesNothing() throws Exception {
        try (PostgresStreaming set = PostgresStreaming.start(dir)) {
            StorageConfig config = StorageConfig.builder().replication(ReplicationMode.EXTERNAL)
                    .primary(PostgresStreaming.endpoint(set.primary)).mirror(PostgresStreaming.endpoint(set.mirror))
                    .connectionTimeout(Duration.ofSeconds(2)).build();
            try (Endpoints endpoints = Endpoints.open(config); Endpoints stale = Endpoints.open(config);
                    ReplicatedLog node = ReplicatedLog.open(endpoints, new PoolEpoch(1));
                    // another node that has not followed yet: it still writes to the old primary at epoch 1
                    MessageLog staleLog = MessageLog.open(stale, new PoolEpoch(1), HistoryCache.of(config), LogReplica.NONE)) {
                Replication replication = node.replication();
                MessageLog log = node.log();
                List<StoredMessage> acked = new ArrayList<>();
                for (int i = 0; i < 90; i++) {
                    acked.add(log.append(NewMessage.chat("room-" + (i % 3), "sip:a@x", "m" + i)).join());
                }

                assertThat(replication.promotesStandby()).as("a PostgreSQL mirror, storage.promoteStandby on").isTrue();
                long promotedAt = replication.promoteStandby(EndpointRole.MIRROR);

                Database mirror = endpoints.mirror().orElseThrow();
                assertThat(promotedAt).isEqualTo(2);
                assertThat(endpoints.writer()).isSameAs(mirror);
                assertThat(Epochs.tryRead(mirror)).hasValue(2);
                assertThat(stored(mirror)).containsAll(acked);
                assertThat(log.append(NewMessage.chat("room-0", "sip:a@x", "after")).join().msgid()).isEqualTo(31);
                // the old primary still runs (PostgreSQL does not know it was replaced): pchat fenced it
                assertThatThrownBy(() -> staleLog.append(NewMessage.chat("room-0", "sip:b@x", "stale")).join())
                        .hasCauseInstanceOf(FencedWriteException.class);
                assertThatThrownBy(() -> replication.promoteStandby(EndpointRole.MIRROR))
                        .hasMessageContaining("takes the writes already");
            }
        }
    }

    @Test
    void aFailoverPromotesTheAsynchronousStandbyAndNumbersOnBeyondEverythingTheLostSideMayHaveHandedOut() throws Exception {
        try (PostgresStreaming set = PostgresStreaming.start(dir)) {
            StorageConfig config = external(set);
            try (Endpoints endpoints = Endpoints.open(config);
                    ReplicatedLog node = ReplicatedLog.open(endpoints, new PoolEpoch(1))) {
                List<StoredMessage> acked = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    acked.add(node.log().append(NewMessage.chat("room-" + (i % 3), "sip:a@x", "m" + i)).join());
                }
                // data center 1 is lost: the primary and its synchronous mirror
                PostgresStreaming.kill(set.primary);
                PostgresStreaming.kill(set.mirror);

                FailoverReport report = node.replication().promoteBackup();

                Database backup = endpoints.backup().orElseThrow();
                assertThat(report.oldPrimaryReadable()).isFalse();
                assertThat(endpoints.writer()).isSameAs(backup);
                assertThat(Epochs.tryRead(backup)).hasValue(report.epoch());
                Set<StoredMessage> ackedSet = new HashSet<>(acked);
                List<StoredMessage> onBackup = stored(backup);
                assertThat(onBackup).as("what the asynchronous standby held, nothing else").allMatch(ackedSet::contains);
                long margin = config.failoverMsgidMargin();
                long last = onBackup.stream().filter(m -> m.roomId().equals("room-0")).mapToLong(StoredMessage::msgid)
                        .max().orElse(0);
                assertThat(report.skipped()).containsEntry("room-0", new MsgidGap(last + 1, last + margin));
                assertThat(node.log().append(NewMessage.chat("room-0", "sip:b@x", "in dc2")).join().msgid())
                        .as("beyond every msgid dc1 may have handed out").isEqualTo(last + margin + 1);
            }
        }
    }

    @Test
    void aFailbackSwitchesToThePrimaryRebuiltAsAStandbyOfTheBackupOnceCaughtUpAndLosesNothing() throws Exception {
        try (PostgresStreaming set = PostgresStreaming.start(dir)) {
            StorageConfig config = external(set).toBuilder().mirror(null).build(); // dc1's mirror is rebuilt later
            try (Endpoints endpoints = Endpoints.open(config);
                    ReplicatedLog node = ReplicatedLog.open(endpoints, new PoolEpoch(1))) {
                for (int i = 0; i < 30; i++) {
                    node.log().append(NewMessage.chat("room-" + (i % 3), "sip:a@x", "m" + i)).join();
                }
                PostgresStreaming.kill(set.primary);
                PostgresStreaming.kill(set.mirror);
                FailoverReport failover = node.replication().promoteBackup();
                List<StoredMessage> inDc2 = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    inDc2.add(node.log().append(NewMessage.chat("room-" + (i % 3), "sip:b@x", "dc2 " + i)).join());
                }

                try (EmbeddedPostgres asItWas = set.primaryRestartedAsItWas()) {
                    backOnline(endpoints.primary());
                    assertThatThrownBy(() -> node.replication().failback()).as("the old primary, not rebuilt")
                            .hasMessageContaining("is not a standby");
                    assertThat(endpoints.writer()).isSameAs(endpoints.backup().orElseThrow());
                }
                try (EmbeddedPostgres rebuilt = set.primaryRebuiltFromTheBackup()) {
                    backOnline(endpoints.primary());
                    FailbackReport report = node.replication().failback();

                    Database primary = endpoints.primary();
                    Database backup = endpoints.backup().orElseThrow();
                    assertThat(endpoints.writer()).isSameAs(primary);
                    assertThat(report.epoch()).as("one epoch fences the backup, the next is the primary's")
                            .isEqualTo(failover.epoch() + 2);
                    assertThat(report.differences()).as("both hold the same msgids").isEmpty();
                    assertThat(stored(primary)).as("everything acknowledged in dc2").containsAll(inDc2)
                            .containsExactlyInAnyOrderElementsOf(stored(backup));
                    assertThat(primary.inTransaction(MsgidGaps::all))
                            .as("the failover's skipped msgids stay skipped").isNotEmpty();
                    StoredMessage after = node.log().append(NewMessage.chat("room-0", "sip:a@x", "home again")).join();
                    assertThat(after.msgid()).isEqualTo(inDc2.stream().filter(m -> m.roomId().equals("room-0"))
                            .mapToLong(StoredMessage::msgid).max().orElseThrow() + 1);
                    assertThat(backup.inTransaction(Database::readEpoch)).as("the backup is fenced").isEqualTo(report.epoch() - 1);
                }
            }
        }
    }

    /** What the operator's failback waits for: connections from before the outage dropped, the server answering. */
    private static void backOnline(Database db) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            db.evictConnections();
            return db.isReachable();
        });
    }

    /** The three servers as a pool's endpoints under external replication. */
    private static StorageConfig external(PostgresStreaming set) {
        return StorageConfig.builder().replication(ReplicationMode.EXTERNAL)
                .primary(PostgresStreaming.endpoint(set.primary)).mirror(PostgresStreaming.endpoint(set.mirror))
                .backup(PostgresStreaming.endpoint(set.backup)).connectionTimeout(Duration.ofSeconds(2)).build();
    }

    private static List<StoredMessage> stored(Database db) {
        List<StoredMessage> all = new ArrayList<>();
        for (String room : List.of("room-0", "room-1", "room-2")) {
            for (LogRow row : db.inTransaction(c -> MessageRows.readAfter(c, room, 0, Integer.MAX_VALUE))) {
                all.add(row.message());
            }
        }
        return all;
    }

    private static void execute(EmbeddedPostgres pg, String sql) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(EmbeddedPostgres pg, String sql) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
