package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.pchat.protocol.link.Presence;
import io.pchat.server.room.LiveRooms.RemoteUser;

/** Who is joined where on the other nodes, as their presence frames said. */
class PoolRosterTest {
    static final String ALICE = "sip:alice@example.com";
    static final String BOB = "sip:bob@example.com";

    final PoolRoster roster = new PoolRoster();

    private static Presence join(String room, String user, boolean manager) {
        return new Presence(room, user, true, manager, false);
    }

    private static Presence part(String room, String user) {
        return new Presence(room, user, false, false, false);
    }

    @Test
    void aJoinPutsTheNodeAndTheUserInTheRoom() {
        roster.apply("n2", join("lobby", ALICE, false));
        assertThat(roster.nodesIn("lobby")).containsExactly("n2");
        assertThat(roster.usersIn("lobby")).containsExactly(new RemoteUser(ALICE, false));
        assertThat(roster.nodesIn("other")).isEmpty();
        assertThat(roster.usersIn("other")).isEmpty();
    }

    @Test
    void roomIdsAreComparedWithoutRegardToCase() {
        roster.apply("n2", join("Lobby@Example.com", ALICE, false));
        assertThat(roster.nodesIn("lobby@example.com")).containsExactly("n2");
        roster.apply("n2", part("LOBBY@EXAMPLE.COM", ALICE));
        assertThat(roster.nodesIn("lobby@example.com")).isEmpty();
    }

    @Test
    void aJoinAnnouncedTwiceIsCountedOnceAndOnePartRemovesIt() {
        // a node announces a join as it happens and again in its snapshot when a link (re)connects
        roster.apply("n2", join("lobby", ALICE, false));
        roster.apply("n2", join("lobby", ALICE, false));
        assertThat(roster.usersIn("lobby")).extracting(RemoteUser::user).containsExactly(ALICE);
        roster.apply("n2", part("lobby", ALICE)); // sent once the user's last dialog there left
        assertThat(roster.nodesIn("lobby")).isEmpty();
        assertThat(roster.usersIn("lobby")).isEmpty();
    }

    @Test
    void presenceIsPerNode() {
        roster.apply("n2", join("lobby", ALICE, false));
        roster.apply("n3", join("lobby", ALICE, false));
        roster.apply("n2", part("lobby", ALICE));
        assertThat(roster.nodesIn("lobby")).containsExactly("n3");
        assertThat(roster.usersIn("lobby")).extracting(RemoteUser::user).containsExactly(ALICE);
    }

    @Test
    void aPartWithoutAJoinChangesNothing() {
        roster.apply("n2", join("lobby", ALICE, false));
        roster.apply("n2", part("lobby", BOB));
        roster.apply("n3", part("lobby", ALICE));
        assertThat(roster.nodesIn("lobby")).containsExactly("n2");
        assertThat(roster.usersIn("lobby")).extracting(RemoteUser::user).containsExactly(ALICE);
        roster.apply("n2", part("lobby", ALICE));
        roster.apply("n2", part("lobby", ALICE)); // one part too many
        roster.apply("n2", join("lobby", ALICE, false));
        assertThat(roster.nodesIn("lobby")).as("a surplus part does not swallow the next join").containsExactly("n2");
    }

    @Test
    void nodesInListsEveryNodeWithSomeoneJoined() {
        roster.apply("n2", join("lobby", ALICE, false));
        roster.apply("n3", join("lobby", BOB, false));
        roster.apply("n4", join("other", BOB, false));
        assertThat(roster.nodesIn("lobby")).containsExactlyInAnyOrder("n2", "n3");
        assertThat(roster.nodesIn("other")).containsExactly("n4");
    }

    @Test
    void usersInMergesAUsersDialogsOnSeveralNodesIntoOneManagerIfAnyIs() {
        roster.apply("n2", join("lobby", ALICE, false));
        roster.apply("n3", join("lobby", ALICE, true));
        roster.apply("n3", join("lobby", BOB, false));
        assertThat(roster.usersIn("lobby")).containsExactlyInAnyOrder(new RemoteUser(ALICE, true), new RemoteUser(BOB, false));
    }

    @Test
    void forgetDropsOnlyThatNodesEntries() {
        roster.apply("n2", join("lobby", ALICE, true));
        roster.apply("n2", join("other", ALICE, false));
        roster.apply("n3", join("lobby", BOB, false));
        roster.forget("n2");
        assertThat(roster.nodesIn("lobby")).containsExactly("n3");
        assertThat(roster.usersIn("lobby")).containsExactly(new RemoteUser(BOB, false));
        assertThat(roster.nodesIn("other")).isEmpty();
        roster.forget("n2"); // again: nothing left to drop, nothing else touched
        assertThat(roster.nodesIn("lobby")).containsExactly("n3");
    }
}
