package io.pchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.pchat.protocol.xccos.Catib;
import io.pchat.protocol.xccos.Command;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.Sib;
import io.pchat.protocol.xccos.Uib;
import io.pchat.server.session.InfoVerdict;
import io.pchat.storage.room.CategoryPrincipalKind;
import io.pchat.storage.room.CategorySettings;

/** Dispatch, correlation, server information, and users not enabled for persistent chat. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerCommandsTest {
    private final ChatFixture chat = new ChatFixture();

    @AfterAll
    void close() {
        chat.close();
    }

    @Test
    void requriAnswersTheNodeUriTheClientShouldUse() {
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));

        Reply reply = chat.call(alice, "requri");

        assertThat(reply.name()).isEqualTo("requri");
        assertThat(reply.resp().code()).isEqualTo(200);
        assertThat(reply.data()).containsExactly(Uib.of("sip:node1@example.com"));
    }

    @Test
    void aReplyEchoesTheCommandsSeqidAndItsEnvelopesEnvid() {
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        Command command = Command.of("requri", 4711);

        chat.send(alice, 99_999, command);

        await().atMost(ChatFixture.WAIT).until(() -> !alice.replies().isEmpty());
        Reply reply = alice.replies().get(0);
        assertThat(reply.commandId().seqid()).isEqualTo(4711);
        assertThat(reply.commandId().envid()).isEqualTo(99_999);
    }

    @Test
    void getserverinfoGivesLimitsTimeRootAndEchoesInfoType() {
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        Instant before = Instant.now().minusSeconds(1);

        Reply reply = chat.call(alice, "getserverinfo", Sib.request("example.com", "123"));

        assertThat(reply.resp().code()).isEqualTo(200);
        Sib sib = (Sib) reply.data().get(0);
        assertThat(sib.infoType()).isEqualTo("123");
        assertThat(sib.serverTime()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(sib.searchLimit()).isEqualTo(999);
        assertThat(sib.messageSizeLimit()).isEqualTo(512);
        assertThat(sib.storySizeLimit()).isEqualTo(4096);
        assertThat(sib.rootUri()).isEqualTo("ma-cat://example.com/" + chat.root.id());
        assertThat(sib.dbVersion()).isEqualTo(chat.root.id());
        assertThat(sib.displayName()).isEqualTo("pchat");
        assertThat(sib.roomManagementUrl()).isNotNull();
    }

    @Test
    void commandNamesAreCaseInsensitive() {
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));

        Reply reply = chat.call(alice, "ReqUri");

        assertThat(reply.resp().code()).isEqualTo(200);
        assertThat(reply.name()).isEqualTo("requri");
    }

    @Test
    void anUnknownCommandIsAnswered501UnderItsOwnName() {
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));

        Reply reply = chat.call(alice, "frobnicate");

        assertThat(reply.name()).isEqualTo("frobnicate");
        assertThat(reply.resp().code()).isEqualTo(501);
        assertThat(reply.resp().text()).isEqualTo("MSG_NOT_SUPPORTED");
        assertThat(reply.data()).isEmpty();
    }

    @Test
    void commandsAreTakenAtOnceAndAnsweredInOrder() {
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));
        Command first = chat.command("getserverinfo", Sib.request("example.com", "1"));
        Command second = chat.command("requri");
        Command third = chat.command("nodespermcreatechild");

        InfoVerdict verdict = chat.send(alice, first, second, third).toCompletableFuture().join();

        assertThat(verdict).isEqualTo(InfoVerdict.OK);
        await().atMost(ChatFixture.WAIT).until(() -> alice.replies().size() == 3);
        assertThat(alice.replies()).extracting(Reply::name).containsExactly("getserverinfo", "requri",
                "nodespermcreatechild");
    }

    @Test
    void nodespermcreatechildListsTheCategoriesWhereTheUserIsACreator() {
        String carol = ChatFixture.user("carol");
        var projects = chat.store.categories().create(CategorySettings.named(ChatFixture.name("projects")));
        chat.store.categories().addPrincipal(projects.id(), CategoryPrincipalKind.CREATOR, carol);
        FakeClientSession session = chat.connect(carol);

        Reply reply = chat.call(session, "nodespermcreatechild");

        assertThat(reply.data()).containsExactly(new Catib("ma-cat://example.com/" + projects.id(), projects.name()));
        assertThat(chat.call(chat.connect(ChatFixture.user("dave")), "nodespermcreatechild").data()).isEmpty();
    }

    @Test
    void aUserNotEnabledGetsTheFirstCommandRefusedAndTheDialogEnded() {
        String mallory = ChatFixture.user("mallory");
        chat.store.users().add(mallory, "Mallory", false);
        FakeClientSession session = chat.connect(mallory);

        Reply reply = chat.call(session, "requri");

        assertThat(reply.resp().code()).isEqualTo(403);
        await().atMost(ChatFixture.WAIT).until(() -> session.endedReason() != null);
        assertThat(session.endedReason()).isEqualTo("not enabled");
    }

    @Test
    void aUserTheStoreDoesNotKnowIsEnabled() {
        FakeClientSession stranger = chat.connect(ChatFixture.user("stranger"));

        assertThat(chat.call(stranger, "requri").resp().code()).isEqualTo(200);
        assertThat(stranger.endedReason()).isNull();
    }

    @Test
    void anEnabledUserOfTheStoreIsServed() {
        String bob = ChatFixture.user("bob");
        chat.store.users().add(bob, "Bob", true);
        FakeClientSession session = chat.connect(bob);

        assertThat(chat.call(session, "requri").resp().code()).isEqualTo(200);
        assertThat(session.endedReason()).isNull();
    }
}
