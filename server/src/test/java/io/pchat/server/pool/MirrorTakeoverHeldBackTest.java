package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.server.drill.DrillPool;
import io.pchat.server.node.ChatNode;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.replication.MirrorState;

/**
 * "In sync" with the mirror is each node's own state: the owner of a room loses its path to the
 * mirror (its copies fail, it acknowledges on the primary alone), then the primary dies. The other
 * node, whose own copies are in sync, must not promote the mirror: the owner says over the link
 * that its copies are behind, and the takeover is held back. When the primary comes back, the
 * acknowledged message is there and nothing was lost or given twice.
 */
class MirrorTakeoverHeldBackTest {
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
    void aTakeoverWaitsWhileAnotherNodesMirrorCopiesAreBehind() throws Exception {
        h = new DrillPool(dir, new DrillPool.Shape(2, 0, Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofMillis(2000), Duration.ofMillis(1000), Duration.ofMillis(500)));
        h.startDatabases();
        Map<String, CuttableProxy> toMirror = Map.of("dc1-n1", proxy("mirror"), "dc1-n2", proxy("mirror"));
        ChatNode n1 = h.startNode("dc1-n1", h.url("primary"), DrillPool.url(toMirror.get("dc1-n1").port), h.url("backup"));
        ChatNode n2 = h.startNode("dc1-n2", h.url("primary"), DrillPool.url(toMirror.get("dc1-n2").port), h.url("backup"));
        await().atMost(WAIT).until(() -> n1.pool().view().liveActive().size() == 2 && n2.pool().view().liveActive().size() == 2
                && n1.store().replication().mirrorState() == MirrorState.IN_SYNC
                && n2.store().replication().mirrorState() == MirrorState.IN_SYNC);
        String room = n1.store().rooms().byName("Lobby").orElseThrow().id();
        ChatNode owner = h.node(n1.pool().view().ownerOf(room));
        ChatNode other = owner == n1 ? n2 : n1;

        long before = owner.pool().sequencer().append(NewMessage.chat(room, "sip:a@example.com", "m1")).get(10, TimeUnit.SECONDS);
        toMirror.get(owner.pool().self().id()).cut(); // the owner's path to the mirror breaks; the mirror is fine
        long acked = owner.pool().sequencer().append(NewMessage.chat(room, "sip:a@example.com", "acknowledged"))
                .get(10, TimeUnit.SECONDS); // acknowledged on the primary alone
        assertThat(acked).isEqualTo(before + 1);
        assertThat(owner.store().replication().mirrorState()).isEqualTo(MirrorState.BEHIND);
        assertThat(other.store().replication().mirrorState()).isEqualTo(MirrorState.IN_SYNC);

        h.killDatabase("primary");
        // several takeover periods pass: the takeover stays held back
        Thread.sleep(h.shape().takeoverAfter().toMillis() * 4);
        assertThat(other.store().replication().writerRole()).as("the mirror was not promoted").isEqualTo(EndpointRole.PRIMARY);
        assertThat(owner.store().replication().writerRole()).isEqualTo(EndpointRole.PRIMARY);

        h.startDatabase("primary"); // the operator brings the primary back
        await().atMost(WAIT).until(() -> other.pool().view().liveActive().size() == 2);
        long next = other.pool().sequencer().append(NewMessage.chat(room, "sip:b@example.com", "after the outage"))
                .get(10, TimeUnit.SECONDS);
        var log = other.store().history().last(room, 100).get(10, TimeUnit.SECONDS);
        assertThat(log).extracting(StoredMessage::text).containsExactly("m1", "acknowledged", "after the outage");
        assertThat(next).isEqualTo(acked + 1);
    }

    private CuttableProxy proxy(String database) throws java.io.IOException {
        CuttableProxy p = new CuttableProxy(h.databasePort(database));
        proxies.add(p);
        return p;
    }
}
