package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Rendezvous hashing: which node owns a room, and how little moves when the node set changes. */
class RendezvousTest {
    static final int ROOMS = 10_000;
    static final List<String> FOUR = List.of("dc1-n1", "dc1-n2", "dc2-n1", "dc2-n2");

    private static String room(int i) {
        return "room-" + i + "@example.com";
    }

    private static String owner(String room, List<String> nodes) {
        return Rendezvous.owner(room, nodes).orElseThrow();
    }

    @Test
    void theOwnerDoesNotDependOnTheOrderOfTheNodeList() {
        Random random = new Random(42);
        for (int i = 0; i < 1_000; i++) {
            List<String> shuffled = new ArrayList<>(FOUR);
            Collections.shuffle(shuffled, random);
            assertThat(owner(room(i), shuffled)).as(room(i)).isEqualTo(owner(room(i), FOUR));
        }
    }

    @Test
    void theSameInputsAlwaysGiveTheSameOwner() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(owner(room(i), List.copyOf(FOUR))).isEqualTo(owner(room(i), FOUR));
        }
    }

    @Test
    void roomIdsAreComparedWithoutRegardToCase() {
        int differing = 0;
        for (int i = 0; i < 1_000; i++) {
            String lower = "lobby-" + i + "@example.com";
            String mixed = "LoBBy-" + i + "@EXAMPLE.com";
            assertThat(owner(mixed, FOUR)).as(mixed).isEqualTo(owner(lower, FOUR));
            if (!owner("other-" + i, FOUR).equals(owner(lower, FOUR))) {
                differing++;
            }
        }
        assertThat(differing).as("different rooms do land on different nodes").isGreaterThan(500);
    }

    @Test
    void anEmptyNodeSetHasNoOwner() {
        assertThat(Rendezvous.owner("lobby", List.of())).isEmpty();
    }

    @Test
    void aSingleNodeOwnsEveryRoom() {
        for (int i = 0; i < 100; i++) {
            assertThat(owner(room(i), List.of("n1"))).isEqualTo("n1");
        }
    }

    @Test
    void removingANodeMovesOnlyThatNodesRooms() {
        List<String> three = List.of("dc1-n1", "dc2-n1", "dc2-n2");
        int moved = 0;
        for (int i = 0; i < ROOMS; i++) {
            String before = owner(room(i), FOUR);
            String after = owner(room(i), three);
            if (before.equals("dc1-n2")) {
                assertThat(after).isIn(three);
                moved++;
            } else {
                assertThat(after).as(room(i)).isEqualTo(before);
            }
        }
        assertThat(moved).as("the removed node had rooms to move").isBetween(ROOMS / 5, ROOMS * 3 / 10);
    }

    @Test
    void addingANodeMovesOnlyRoomsToTheNewNode() {
        List<String> five = new ArrayList<>(FOUR);
        five.add("dc1-n3");
        int moved = 0;
        for (int i = 0; i < ROOMS; i++) {
            String before = owner(room(i), FOUR);
            String after = owner(room(i), five);
            if (!after.equals(before)) {
                assertThat(after).as(room(i)).isEqualTo("dc1-n3");
                moved++;
            }
        }
        // a fair share for the newcomer: about a fifth
        assertThat(moved).isBetween(ROOMS / 10 * 15 / 10, ROOMS / 10 * 25 / 10);
    }

    @Test
    void roomsSpreadEvenlyOverFourNodes() {
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < ROOMS; i++) {
            count.merge(owner(room(i), FOUR), 1, Integer::sum);
        }
        assertThat(count).containsOnlyKeys(FOUR);
        count.forEach((node, n) -> assertThat(n).as(node).isBetween(ROOMS * 20 / 100, ROOMS * 30 / 100));
    }

    @Test
    void similarRoomIdsSpreadEvenlyToo() {
        // sequential ids that differ only in their last characters (FNV's weak low bits)
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < ROOMS; i++) {
            count.merge(owner(Integer.toString(i), List.of("n1", "n2")), 1, Integer::sum);
        }
        count.forEach((node, n) -> assertThat(n).as(node).isBetween(ROOMS * 45 / 100, ROOMS * 55 / 100));
    }
}
