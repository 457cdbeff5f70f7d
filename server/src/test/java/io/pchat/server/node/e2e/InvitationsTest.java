package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.CommandResult;
import io.pchat.client.Invitation;
import io.pchat.protocol.xccos.Inv;
import io.pchat.protocol.xccos.Notice;
import io.pchat.protocol.xccos.NoticeNames;
import io.pchat.storage.room.Inheritable;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.RoleChange;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRole;

/**
 * Invitations (docs/xccos.md getinv and ntc:inv): a connected user made a member of a room with
 * invitations on gets ntc:inv on every live dialog (the admin layer calls
 * {@code ChatService.invited} with the role change's invitation) and finds it with getinv.
 */
class InvitationsTest {

    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void aConnectedUserMadeAMemberGetsNtcInvOnEveryDialogAndFindsItWithGetinv() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.CLOSED).withDescription("the plan"));
        ChatClient laptop = node.connect(user("alice"));
        ChatClient phone = node.connect(user("alice"));
        ChatClient bob = node.connect(user("bob"));
        Recorder laptopHears = Recorder.on(laptop);
        Recorder phoneHears = Recorder.on(phone);
        Recorder bobHears = Recorder.on(bob);

        RoleChange change = node.store().rooms().addRole(room.id(), RoomRole.MEMBER, user("alice"), user("bob"));
        assertThat(change.invitation()).isPresent();
        node.node.chat().invited(change.invitation().get()).get(10, TimeUnit.SECONDS);

        for (Recorder r : List.of(laptopHears, phoneHears)) {
            Notice notice = r.awaitNotices(NoticeNames.INV, 1).get(0);
            Inv inv = (Inv) notice.data().get(0);
            assertThat(inv.inviteId()).isEqualTo(Long.toString(change.invitation().get().inviteId()));
            assertThat(inv.chanibs()).singleElement().satisfies(c -> {
                assertThat(c.uri()).isEqualTo(TestNode.uri(room).toString());
                assertThat(c.name()).isEqualTo(room.name());
                assertThat(c.description()).isEqualTo("the plan");
            });
        }
        CommandResult<List<Invitation>> all = laptop.getInvitations("0").get(10, TimeUnit.SECONDS);
        assertThat(all.code()).isEqualTo(200);
        assertThat(all.value()).singleElement().satisfies(i -> {
            assertThat(i.inviteId()).isEqualTo(Long.toString(change.invitation().get().inviteId()));
            assertThat(i.room().uri()).isEqualTo(TestNode.uri(room).toString());
            assertThat(i.room().privacy()).isEqualTo("closed");
            assertThat(i.ts()).isNotNull();
        });
        assertThat(laptop.getInvitations(all.value().get(0).inviteId()).get(10, TimeUnit.SECONDS).value()).isEmpty();
        assertThat(bob.getInvitations("0").get(10, TimeUnit.SECONDS).value()).isEmpty();
        assertThat(bobHears.notices).isEmpty();
        // and the invitation lets her in
        assertThat(phone.join(TestNode.uri(room)).get(10, TimeUnit.SECONDS).code()).isEqualTo(200);
    }

    @Test
    void aRoomWithInvitationsOffInvitesNobody() throws Exception {
        Room quiet = node.createRoom(s -> s.withPrivacy(Privacy.CLOSED).withInvitations(Inheritable.OFF));
        ChatClient carol = node.connect(user("carol"));

        RoleChange change = node.store().rooms().addRole(quiet.id(), RoomRole.MEMBER, user("carol"), user("bob"));

        assertThat(change.added()).isTrue();
        assertThat(change.invitation()).isEmpty();
        assertThat(carol.getInvitations("0").get(10, TimeUnit.SECONDS).value()).isEmpty();
        assertThat(carol.join(TestNode.uri(quiet)).get(10, TimeUnit.SECONDS).code()).isEqualTo(200);
    }

}
