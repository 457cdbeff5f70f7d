package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.drill.DrillPool;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.log.MsgidGap;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.pool.PoolState;

/**
 * Losing a database server (mirror takeover) and a data center (failover, then failback) with
 * the whole stretched pool running in process: no acknowledged message is lost, no msgid is
 * given twice or skipped, the old side cannot write afterwards.
 */
class PoolFailoverTest {
    static final Duration WAIT = PoolClients.WAIT;

    @TempDir
    Path dir;
    DrillPool pool;
    PoolClients clients;

    @BeforeEach
    void start() throws Exception {
        pool = new DrillPool(dir, DrillPool.Shape.small()).start();
        clients = new PoolClients(pool);
        await().atMost(WAIT).until(() -> pool.node("dc1-n1").pool().view().liveActive().size() == 2);
    }

    @AfterEach
    void stop() {
        clients.close();
        pool.close();
    }

    /** Posts until {@code n} are stored; 503s are retried (they stored nothing). Returns the stored texts. */
    private static List<String> postAcknowledged(ChatClient client, RoomUri room, String prefix, int n) throws Exception {
        List<String> stored = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        int i = 0;
        while (stored.size() < n && System.nanoTime() < deadline) {
            String text = prefix + i;
            PostResult r = client.post(room, text).get();
            if (r.isStored()) {
                stored.add(text);
                i++;
            } else {
                Thread.sleep(50);
            }
        }
        assertThat(stored).hasSize(n);
        return stored;
    }

    private static void assertContiguousAndContains(List<StoredMessage> log, List<String> acknowledged) {
        assertContiguousAndContains(log, acknowledged, List.of());
    }

    /** Contiguous but for the {@code skipped} msgids (a failover's recorded gaps), which name no message. */
    private static void assertContiguousAndContains(List<StoredMessage> log, List<String> acknowledged,
            List<MsgidGap> skipped) {
        for (int i = 1; i < log.size(); i++) {
            long previous = log.get(i - 1).msgid();
            long expected = skipped.stream().filter(g -> g.first() == previous + 1).mapToLong(g -> g.last() + 1)
                    .findFirst().orElse(previous + 1);
            assertThat(log.get(i).msgid()).as("msgid after %s", previous).isEqualTo(expected);
        }
        List<String> texts = log.stream().map(StoredMessage::text).toList();
        Set<String> unique = new LinkedHashSet<>(texts);
        assertThat(unique).as("no message stored twice").hasSameSizeAs(texts);
        assertThat(texts).containsAll(acknowledged);
    }

    @Test
    void aFailoverReportsExactlyTheUnshippedMessagesAndTheOldSideCannotWriteAfterwards() throws Exception {
        pool.close();
        pool = new DrillPool(dir.resolve("slow-shipping"), new DrillPool.Shape(2, 2, Duration.ofHours(1), Duration.ofMillis(200),
                Duration.ofMillis(2000), Duration.ofMillis(1000), Duration.ofMillis(500))).start();
        clients = new PoolClients(pool);
        await().atMost(WAIT).until(() -> pool.node("dc1-n1").pool().view().liveActive().size() == 2);
        RoomUri room = clients.lobby("dc1-n1");
        ChatClient alice = clients.connect("sip:alice@example.com", "dc1-n1");
        assertThat(alice.join(room).get().isOk()).isTrue();
        postAcknowledged(alice, room, "shipped-", 10);
        pool.node("dc1-n1").store().replication().shipNow();
        List<String> unshipped = postAcknowledged(alice, room, "unshipped-", 7);

        // dc1's nodes are lost; its databases still answer (a cut, not a fire)
        pool.killNode("dc1-n1");
        pool.killNode("dc1-n2");
        var failover = new PoolOperations(pool.node("dc2-n1").pool(), pool.node("dc2-n1").store(), java.time.Clock.systemUTC())
                .failover("dc2", Duration.ZERO);

        assertThat(failover.report().oldPrimaryReadable()).isTrue();
        assertThat(failover.report().lostMessages()).isEqualTo(unshipped.size());
        assertThat(failover.report().lost()).singleElement().satisfies(loss -> {
            assertThat(loss.roomId()).isEqualToIgnoringCase(room.id());
            assertThat(loss.ranges()).hasToString("[11..17]");
        });
        List<StoredMessage> backup = pool.node("dc2-n1").store().history().last(room.id(), 500).get();
        assertThat(backup).extracting(StoredMessage::text).noneMatch(unshipped::contains).hasSize(10);

        // the old primary is retired: no write is taken there, at any epoch
        var primary = pool.node("dc2-n1").store().endpoints().primary();
        for (long epoch : new long[] {failover.report().epoch() - 1, failover.report().epoch()}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> primary.inFencedTransaction(epoch, c -> null))
                    .isInstanceOfSatisfying(io.pchat.storage.FencedWriteException.class, e -> assertThat(e.retired()).isTrue());
        }
    }

    @Test
    void losingThePrimaryDatabaseSwitchesThePoolToTheMirrorWithNothingLost() throws Exception {
        RoomUri room = clients.lobby("dc1-n1");
        ChatClient alice = clients.connect("sip:alice@example.com", "dc1-n1");
        assertThat(alice.join(room).get().isOk()).isTrue();
        List<String> acknowledged = new ArrayList<>(postAcknowledged(alice, room, "before-", 20));

        pool.killDatabase("primary");
        acknowledged.addAll(postAcknowledged(alice, room, "during-", 20));
        await().atMost(WAIT).until(() -> pool.node("dc1-n1").pool().view().writer() == EndpointRole.MIRROR
                && pool.node("dc1-n2").pool().view().writer() == EndpointRole.MIRROR);

        List<StoredMessage> log = pool.node("dc1-n2").store().history().last(room.id(), 500).get();
        assertThat(log).hasSize(40);
        assertContiguousAndContains(log, acknowledged);
    }

    @Test
    void failingOverToTheOtherDataCenterAndBackLosesNothingAcknowledgedAndFencesTheOldSide() throws Exception {
        RoomUri room = clients.lobby("dc1-n1");
        ChatClient alice = clients.connect("sip:alice@example.com", "dc1-n1");
        assertThat(alice.join(room).get().isOk()).isTrue();
        List<String> acknowledged = new ArrayList<>(postAcknowledged(alice, room, "dc1-", 20));
        pool.node("dc1-n1").store().replication().shipNow();

        // dc1 is lost: its nodes and both of its databases
        pool.killNode("dc1-n1");
        pool.killNode("dc1-n2");
        pool.killDatabase("primary");
        pool.killDatabase("mirror");
        var failover = new PoolOperations(pool.node("dc2-n1").pool(), pool.node("dc2-n1").store(), java.time.Clock.systemUTC())
                .failover("dc2", Duration.ZERO);
        assertThat(failover.report().oldPrimaryReadable()).isFalse();
        // what dc1 handed out after its last shipment is unknown: dc2 numbers on beyond a margin, never reusing one
        long margin = pool.node("dc2-n1").store().endpoints().config().failoverMsgidMargin();
        assertThat(failover.report().skipped()).containsEntry(room.id(), new MsgidGap(21, 20 + margin));
        assertThat(failover.activeNodes()).containsExactly("dc2-n1", "dc2-n2");
        await().atMost(WAIT).until(() -> pool.node("dc2-n2").pool().view().selfActive()
                && pool.node("dc2-n1").pool().view().selfActive()
                && pool.node("dc2-n2").pool().view().writer() == EndpointRole.BACKUP);

        ChatClient bob = clients.connect("sip:bob@example.com", "dc2-n2");
        assertThat(bob.join(room).get().isOk()).isTrue();
        acknowledged.addAll(postAcknowledged(bob, room, "dc2-", 20));
        assertThat(pool.node("dc2-n1").store().pool().read().state()).isEqualTo(PoolState.FAILED_OVER);

        // dc1 comes back: its databases (never fenced: they were down) and one of its nodes, before the failback
        pool.startDatabase("primary");
        pool.startDatabase("mirror");
        pool.startNode("dc1-n1");
        await().atMost(WAIT).until(() -> pool.node("dc1-n1").pool().view().writer() == EndpointRole.BACKUP);
        assertThat(pool.node("dc1-n1").pool().view().selfActive()).as("not in dc2's active list").isFalse();
        long onPrimary = pool.node("dc2-n1").store().endpoints().primary().inTransaction(c -> io.pchat.storage.db.Jdbc
                .one(c, "SELECT COUNT(*) AS n FROM chat_message", rs -> rs.getLong("n")).orElseThrow());
        assertThat(onPrimary).as("the stale primary took no write").isEqualTo(20);
        var failback = new PoolOperations(pool.node("dc2-n1").pool(), pool.node("dc2-n1").store(), java.time.Clock.systemUTC())
                .failback(List.of());
        assertThat(failback.report().differences()).isEmpty();
        assertThat(failback.activeNodes()).containsExactly("dc1-n1", "dc1-n2");
        pool.startNode("dc1-n2");
        await().atMost(WAIT).until(() -> pool.node("dc1-n1").pool().view().liveActive().size() == 2
                && !pool.node("dc2-n1").pool().view().selfActive());
        ChatClient carol = clients.connect("sip:carol@example.com", "dc1-n2");
        assertThat(carol.join(room).get().isOk()).isTrue();
        acknowledged.addAll(postAcknowledged(carol, room, "back-", 10));

        List<StoredMessage> log = pool.node("dc1-n1").store().history().last(room.id(), 500).get();
        assertThat(log).hasSize(50);
        assertContiguousAndContains(log, acknowledged, List.of(failover.report().skipped().get(room.id())));
    }
}
