package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.server.drill.DrillPool;
import io.pchat.server.node.ChatNode;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.replication.MirrorState;

/**
 * One dc1 node loses its path to the primary database while the primary is fine and the other
 * node still reaches it. The cut-off node takes the mirror over without being able to fence the
 * primary; the other node must not go on writing there: its mirror copies are refused (nothing
 * acknowledged) and it follows the mirror it sees promoted. One database takes writes, no msgid
 * is given twice.
 */
class OneNodeLosingThePrimaryTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    DrillPool h;
    final List<CuttableProxy> proxies = new ArrayList<>();

    @AfterEach
    void stop() {
        for (CuttableProxy p : proxies) {
            try {
                p.close();
            } catch (java.io.IOException e) {
                // closing a test proxy
            }
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    void whenOneNodeAloneLosesThePrimaryAndTakesTheMirrorOverTheOtherFollows() throws Exception {
        h = new DrillPool(dir, new DrillPool.Shape(2, 0, Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofMillis(2000), Duration.ofMillis(1000), Duration.ofMillis(500)));
        h.startDatabases();
        CuttableProxy n1ToPrimary = proxy("primary");
        ChatNode n1 = h.startNode("dc1-n1", DrillPool.url(n1ToPrimary.port), h.url("mirror"), h.url("backup"));
        ChatNode n2 = h.startNode("dc1-n2");
        await().atMost(WAIT).until(() -> n1.pool().view().liveActive().size() == 2 && n2.pool().view().liveActive().size() == 2
                && n1.store().replication().mirrorState() == MirrorState.IN_SYNC
                && n2.store().replication().mirrorState() == MirrorState.IN_SYNC);
        String room = n1.store().rooms().byName("Lobby").orElseThrow().id();

        n1ToPrimary.cut(); // dc1-n1 alone loses its route to the primary

        await().atMost(WAIT).until(() -> n1.store().replication().writerRole() == EndpointRole.MIRROR);
        Thread.sleep(h.shape().leaseExpiry().toMillis() + 1_000); // every lease seen from each side has expired

        long fromN1 = n1.pool().sequencer().append(NewMessage.chat(room, "sip:a@example.com", "via n1")).get(10, TimeUnit.SECONDS);
        long fromN2 = n2.pool().sequencer().append(NewMessage.chat(room, "sip:b@example.com", "via n2")).get(10, TimeUnit.SECONDS);

        // Expected: one database takes writes; the two posts get different msgids (or one is refused).
        assertThat(List.of(n1.store().replication().writerRole(), n2.store().replication().writerRole()))
                .as("both nodes write to the same endpoint").containsOnly(n1.store().replication().writerRole());
        assertThat(fromN1).as("one msgid given twice in room " + room).isNotEqualTo(fromN2);
    }

    private CuttableProxy proxy(String database) throws java.io.IOException {
        CuttableProxy p = new CuttableProxy(h.databasePort(database));
        proxies.add(p);
        return p;
    }
}
