package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatEvents;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.drill.DrillPool;
import io.pchat.storage.log.StoredMessage;

/**
 * A stretched pool in one process (two active nodes in dc1, two idle ones in dc2, primary,
 * mirror and backup databases): rooms owned across nodes, posts forwarded to owners, copies
 * fanned out across nodes, idle nodes redirecting, ownership moving when a node dies, and the
 * failover and failback of the whole pool.
 */
class StretchedPoolTest {
    static final Duration WAIT = PoolClients.WAIT;

    @TempDir
    Path dir;
    DrillPool pool;
    PoolClients clients;

    @BeforeEach
    void start() throws Exception {
        pool = new DrillPool(dir, DrillPool.Shape.small()).start();
        clients = new PoolClients(pool);
        await().atMost(WAIT).until(() -> pool.node("dc1-n1").pool().view().liveActive().size() == 2
                && pool.node("dc1-n2").pool().view().liveActive().size() == 2);
    }

    @AfterEach
    void stop() {
        clients.close();
        pool.close();
    }

    @Test
    void clientsOnDifferentNodesSeeTheSameMessagesInTheSameOrder() throws Exception {
        ChatClient alice = clients.connect("sip:alice@example.com", "dc1-n1");
        ChatClient bob = clients.connect("sip:bob@example.com", "dc1-n2");
        RoomUri room = clients.lobby("dc1-n1");
        ChatEvents aliceSees = alice.events();
        ChatEvents bobSees = bob.events();
        assertThat(alice.join(room).get().isOk()).isTrue();
        assertThat(bob.join(room).get().isOk()).isTrue();
        await().atMost(WAIT).until(() -> !pool.node("dc1-n1").pool().roster().nodesIn(room.id()).isEmpty()
                && !pool.node("dc1-n2").pool().roster().nodesIn(room.id()).isEmpty());
        int n = 40;
        for (int i = 0; i < n; i++) {
            ChatClient from = i % 2 == 0 ? alice : bob;
            var result = from.post(room, "m" + i).get();
            assertThat(result.isStored()).as("post %d: %s", i, result).isTrue();
        }
        List<Long> a = received(aliceSees, n);
        List<Long> b = received(bobSees, n);
        assertThat(a).hasSize(n).isEqualTo(b);
        assertThat(a).isSorted().doesNotHaveDuplicates();
        assertThat(a.get(n - 1) - a.get(0)).isEqualTo(n - 1); // no gap
        String owner = pool.node("dc1-n1").pool().view().ownerOf(room.id());
        assertThat(owner).isIn("dc1-n1", "dc1-n2");
    }

    @Test
    void joinRepliesAndNoticesShowTheParticipantsOfTheWholePool() throws Exception {
        RoomUri room = clients.lobby("dc1-n1");
        ChatClient alice = clients.connect("sip:alice@example.com", "dc1-n1");
        ChatEvents aliceSees = alice.events();
        assertThat(alice.join(room).get().isOk()).isTrue();
        await().atMost(WAIT).until(() -> !pool.node("dc1-n2").pool().roster().nodesIn(room.id()).isEmpty());

        ChatClient bob = clients.connect("sip:bob@example.com", "dc1-n2");
        var joined = bob.join(room).get();
        assertThat(joined.value()).hasValueSatisfying(r -> assertThat(r.participants())
                .contains("sip:alice@example.com", "sip:bob@example.com"));
        // alice, on the other node, is told bob joined
        assertThat(aliceSees.next(io.pchat.client.ChatEvent.NoticeReceived.class,
                n -> n.toString().contains("bob@example.com"), WAIT)).isPresent();
    }

    @Test
    void aNodeRemovedFromTheActiveListKeepsItsSessionsAndTakesNoNewOnes() throws Exception {
        RoomUri room = clients.lobby("dc1-n1");
        ChatClient erin = clients.connect("sip:erin@example.com", "dc1-n2");
        assertThat(erin.join(room).get().isOk()).isTrue();
        PoolOperations ops = new PoolOperations(pool.node("dc1-n1").pool(), pool.node("dc1-n1").store(),
                java.time.Clock.systemUTC());

        assertThat(ops.removeActive(List.of("dc1-n2"))).containsExactly("dc1-n1");
        await().atMost(WAIT).until(() -> !pool.node("dc1-n2").pool().view().selfActive()
                && pool.node("dc1-n1").pool().view().liveActive().equals(List.of("dc1-n1")));
        assertThat(erin.post(room, "still here").get().isStored()).isTrue(); // forwarded to dc1-n1, the owner now
        ChatClient frank = clients.connect("sip:frank@example.com", "dc1-n2"); // redirected
        assertThat(frank.join(room).get().isOk()).isTrue();
        assertThat(pool.node("dc1-n2").chat().liveRooms().userCount(room.id())).isEqualTo(1); // erin only

        assertThat(ops.addActive(List.of("dc1-n2"))).containsExactly("dc1-n1", "dc1-n2");
        await().atMost(WAIT).until(() -> pool.node("dc1-n2").pool().view().selfActive());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ops.setActive(List.of("nobody")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody");
    }

    @Test
    void aSwapMakesTheIdleNodesActiveInOneCall() throws Exception {
        RoomUri room = clients.lobby("dc1-n1");
        ChatClient gina = clients.connect("sip:gina@example.com", "dc1-n1");
        assertThat(gina.join(room).get().isOk()).isTrue();
        PoolOperations ops = new PoolOperations(pool.node("dc1-n1").pool(), pool.node("dc1-n1").store(),
                java.time.Clock.systemUTC());

        assertThat(ops.swap()).containsExactly("dc2-n1", "dc2-n2");
        await().atMost(WAIT).until(() -> pool.node("dc2-n1").pool().view().liveActive().equals(List.of("dc2-n1", "dc2-n2"))
                && pool.node("dc1-n1").pool().view().liveActive().equals(List.of("dc2-n1", "dc2-n2")));
        assertThat(gina.post(room, "after the swap").get().isStored()).isTrue();
        String owner = pool.node("dc1-n1").pool().view().ownerOf(room.id());
        assertThat(owner).startsWith("dc2-");
        List<StoredMessage> log = clients.stored(owner, room);
        assertThat(log).extracting(StoredMessage::text).contains("after the swap");
    }

    @Test
    void activeAndIdleNodesInBothDataCentersServeOneRoomTogether() throws Exception {
        // the second reference layout: one active and one idle node in each data center
        PoolOperations ops = new PoolOperations(pool.node("dc1-n1").pool(), pool.node("dc1-n1").store(),
                java.time.Clock.systemUTC());
        assertThat(ops.setActive(List.of("dc1-n1", "dc2-n1"))).containsExactly("dc1-n1", "dc2-n1");
        await().atMost(WAIT).until(() -> pool.node("dc1-n1").pool().view().liveActive().equals(List.of("dc1-n1", "dc2-n1"))
                && pool.node("dc2-n1").pool().view().liveActive().equals(List.of("dc1-n1", "dc2-n1")));
        RoomUri room = clients.lobby("dc1-n1");
        ChatClient hana = clients.connect("sip:hana@example.com", "dc1-n1");
        ChatClient ivan = clients.connect("sip:ivan@example.com", "dc2-n1"); // the other data center
        ChatEvents ivanSees = ivan.events();
        assertThat(hana.join(room).get().isOk()).isTrue();
        assertThat(ivan.join(room).get().isOk()).isTrue();
        await().atMost(WAIT).until(() -> pool.node("dc1-n1").pool().roster().nodesIn(room.id()).contains("dc2-n1")
                && pool.node("dc2-n1").pool().roster().nodesIn(room.id()).contains("dc1-n1"));
        for (int i = 0; i < 10; i++) {
            assertThat(hana.post(room, "both" + i).get().isStored()).isTrue();
        }
        List<Long> got = received(ivanSees, 10);
        assertThat(got).hasSize(10).isSorted().doesNotHaveDuplicates();
        assertThat(got.get(9) - got.get(0)).isEqualTo(9);
    }

    @Test
    void anIdleNodeRedirectsToTheActiveNodes() throws Exception {
        // ChatClient follows the 302 to an active node
        ChatClient carol = clients.connect("sip:carol@example.com", "dc2-n1");
        assertThat(carol.join(clients.lobby("dc1-n1")).get().isOk()).isTrue();
        assertThat(pool.node("dc2-n1").chat().liveRooms().size()).isZero();
        assertThat(pool.node("dc2-n1").metrics().scrape()).contains("pchat_pool_active 0.0");
        await().atMost(WAIT).until(() -> pool.node("dc2-n1").metrics().scrape().contains("pchat_pool_link_peers 3.0"));
        assertThat(pool.node("dc1-n1").metrics().scrape()).contains("pchat_pool_active 1.0");
        assertThat(pool.node("dc1-n1").chat().liveRooms().size() + pool.node("dc1-n2").chat().liveRooms().size()).isEqualTo(1);
    }

    @Test
    void whenTheOwnerDiesUnderLoadTheRoomMovesWithNoGapAndNoDuplicate() throws Exception {
        RoomUri room = clients.lobby("dc1-n1");
        String owner = pool.node("dc1-n1").pool().view().ownerOf(room.id());
        String survivor = owner.equals("dc1-n1") ? "dc1-n2" : "dc1-n1";
        ChatClient dave = clients.connect("sip:dave@example.com", survivor);
        assertThat(dave.join(room).get().isOk()).isTrue();
        List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean posting = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        Thread poster = new Thread(() -> {
            int i = 0;
            while (posting.get()) {
                String text = "load" + i;
                attempts.incrementAndGet();
                try {
                    if (dave.post(room, text).get().isStored()) { // a 503 stored nothing: the next text is new
                        acknowledged.add(text);
                    }
                } catch (Exception e) {
                    return;
                }
                i++;
            }
        });
        poster.start();
        await().atMost(WAIT).until(() -> acknowledged.size() >= 20);
        assertThat(pool.node(owner).pool().ownership().claimed()).isNotEmpty();
        pool.killNode(owner);
        await().atMost(WAIT).until(() -> pool.node(survivor).pool().view().liveActive().equals(List.of(survivor)));
        int atMove = acknowledged.size();
        await().atMost(WAIT).until(() -> acknowledged.size() >= atMove + 20);
        posting.set(false);
        poster.join(WAIT.toMillis());

        List<StoredMessage> log = clients.stored(survivor, room);
        assertThat(attempts.get()).isGreaterThanOrEqualTo(acknowledged.size()).isGreaterThan(40);
        for (int i = 1; i < log.size(); i++) {
            assertThat(log.get(i).msgid()).isEqualTo(log.get(i - 1).msgid() + 1);
        }
        assertThat(log).extracting(StoredMessage::text).doesNotHaveDuplicates().containsAll(acknowledged);
        assertThat(pool.node(survivor).pool().ownership().claimed()).contains(room.id().toLowerCase(Locale.ROOT));
    }

    private static List<Long> received(ChatEvents events, int n) throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        while (ids.size() < n) {
            Optional<GroupChat> m = events.nextMessage(WAIT);
            if (m.isEmpty()) {
                break;
            }
            ids.add(m.get().msgid());
        }
        return ids;
    }
}
