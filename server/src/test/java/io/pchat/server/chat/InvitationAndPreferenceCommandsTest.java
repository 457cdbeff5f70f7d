package io.pchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Inv;
import io.pchat.protocol.xccos.Pref;
import io.pchat.protocol.xccos.Reply;
import io.pchat.storage.invitation.Invitation;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRole;

/** cmd:getinv and ntc:inv; cmd:getpref and cmd:setpref with their revisions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvitationAndPreferenceCommandsTest {
    private final ChatFixture chat = new ChatFixture();

    @AfterAll
    void close() {
        chat.close();
    }

    @Test
    void getinvListsTheInvitationsNewerThanTheOneTheClientSaw() {
        String dave = ChatFixture.user("dave");
        Room first = chat.room("first", Privacy.CLOSED);
        Room second = chat.room("second", Privacy.SECRET);
        Invitation one = invite(first, dave);
        Invitation two = invite(second, dave);
        FakeClientSession session = chat.connect(dave);

        Reply all = chat.call(session, "getinv", Inv.request("0", "example.com"));
        Reply newer = chat.call(session, "getinv", Inv.request(Long.toString(one.inviteId()), "example.com"));
        Reply none = chat.call(session, "getinv", Inv.request(Long.toString(two.inviteId()), "example.com"));

        assertThat(all.data()).hasSize(2);
        Inv inv = (Inv) all.data().get(0);
        assertThat(inv.inviteId()).isEqualTo(Long.toString(one.inviteId()));
        assertThat(inv.ts()).isNotNull();
        Chanib room = inv.chanibs().get(0);
        assertThat(room.uri()).isEqualTo(ChatFixture.uri(first));
        assertThat(room.name()).isEqualTo(first.name());
        assertThat(room.info("urn:parlano:ma:info:visibilty")).contains("scope");
        assertThat(newer.data()).extracting(d -> ((Inv) d).chanibs().get(0).name()).containsExactly(second.name());
        assertThat(none.data()).isEmpty();
        assertThat(chat.call(session, "getinv", Inv.request("x1", "example.com")).resp().code()).isEqualTo(400);
    }

    @Test
    void anInvitationIsPushedToEveryDialogOfTheInvitedUser() {
        String erin = ChatFixture.user("erin");
        FakeClientSession desk = chat.connect(erin);
        FakeClientSession phone = chat.connect(erin);
        FakeClientSession other = chat.connect(ChatFixture.user("frank"));
        Room room = chat.room("invites", Privacy.CLOSED);

        chat.service.invited(invite(room, erin)).join();

        for (FakeClientSession s : new FakeClientSession[] {desk, phone}) {
            await().atMost(ChatFixture.WAIT).until(() -> s.notices("inv").size() == 1);
            Inv inv = (Inv) s.notices("inv").get(0).data().get(0);
            assertThat(inv.chanibs()).extracting(Chanib::name).containsExactly(room.name());
        }
        assertThat(other.notices("inv")).isEmpty();
    }

    @Test
    void getprefAnswersTheStoredPreferenceOrNothingWhenTheClientIsCurrent() {
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));

        Reply missing = chat.call(alice, "getpref", new Pref("layout", 5L, false, null));
        Reply current = chat.call(alice, "getpref", new Pref("layout", 0L, false, null));
        Reply created = chat.call(alice, "getpref", new Pref("layout", 0L, true, null));

        assertThat(missing.data()).containsExactly(new Pref("layout", 0L, null, null));
        assertThat(current.resp().code()).isEqualTo(200);
        assertThat(current.data()).isEmpty();
        assertThat(created.data()).containsExactly(new Pref("layout", 1L, null, ""));
    }

    @Test
    void setprefStoresTheNextRevisionAndRefusesAStaleOne409() {
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        byte[] v1 = "dark".getBytes(StandardCharsets.UTF_8);
        byte[] v2 = "light".getBytes(StandardCharsets.UTF_8);

        Reply first = chat.call(alice, "setpref", Pref.withContent("theme", 0, false, v1));
        Reply second = chat.call(alice, "setpref", Pref.withContent("theme", 1, false, v2));
        Reply stale = chat.call(alice, "setpref", Pref.withContent("theme", 1, false, v1));
        Reply read = chat.call(alice, "getpref", new Pref("theme", 1L, false, null));

        assertThat(first.data()).containsExactly(new Pref("theme", 1L, null, null));
        assertThat(second.data()).containsExactly(new Pref("theme", 2L, null, null));
        assertThat(stale.resp().code()).isEqualTo(409);
        assertThat(stale.resp().text()).isEqualTo("DATA_COLLISION");
        assertThat(((Pref) read.data().get(0)).seqid()).isEqualTo(2L);
        assertThat(((Pref) read.data().get(0)).decodedContent()).hasValueSatisfying(b -> assertThat(b).isEqualTo(v2));
        assertThat(chat.call(alice, "setpref", new Pref("theme", null, false, "eA==")).resp().code()).isEqualTo(400);
    }

    private Invitation invite(Room room, String user) {
        return chat.store.rooms().addRole(room.id(), RoomRole.MEMBER, user, "sip:admin@example.com").invitation()
                .orElseThrow();
    }
}
