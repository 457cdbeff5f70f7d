package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.ChattingTest.joined;
import static io.pchat.server.node.e2e.TestNode.WAIT;
import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import gov.nist.javax.sip.message.SIPRequest;
import io.pchat.client.ChatClient;
import io.pchat.protocol.xccos.Aib;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Notice;
import io.pchat.protocol.xccos.NoticeNames;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Uib;
import io.pchat.server.node.NodeConfig;
import io.pchat.server.sip.ClientDialog;
import io.pchat.server.sip.SipTestClient;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;

/**
 * Join and part notices (docs/xccos.md "Notices"): ntc:join / ntc:bjoin / ntc:part reach the
 * room's other dialogs and never the one acting; a dialog that ends by BYE or by a TCP reset
 * parts from its rooms; above participantUpdateLimit no join/part notices are sent.
 */
class NoticesTest {

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
    void joinBjoinAndPartNoticesReachTheOthersAndNotTheActor() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        RoomUri uri = TestNode.uri(room);
        ChatClient alice = node.connect(user("alice"));
        ChatClient bob = node.connect(user("bob"));
        ChatClient carol = node.connect(user("carol"));
        Recorder aliceHears = Recorder.on(alice);
        Recorder bobHears = Recorder.on(bob);
        Recorder carolHears = Recorder.on(carol);
        joined(alice, uri);

        joined(bob, uri);
        Notice bobJoined = aliceHears.awaitNotices(NoticeNames.JOIN, 1).get(0);
        assertThat(carol.bjoin(List.of(uri)).get(10, TimeUnit.SECONDS).value().joined()).hasSize(1);
        Notice carolJoined = aliceHears.awaitNotices(NoticeNames.BJOIN, 1).get(0);
        assertThat(bobHears.awaitNotices(NoticeNames.BJOIN, 1)).hasSize(1);
        assertThat(bob.part(uri).get(10, TimeUnit.SECONDS).code()).isEqualTo(200);
        Notice bobParted = aliceHears.awaitNotices(NoticeNames.PART, 1).get(0);
        assertThat(carolHears.awaitNotices(NoticeNames.PART, 1)).hasSize(1);

        assertJoinNotice(bobJoined, user("bob"), room);
        assertJoinNotice(carolJoined, user("carol"), room);
        assertPartNotice(bobParted, user("bob"), uri);
        // the actor hears nothing about itself: a notice to it would have come before its own reply, on the same dialog
        assertThat(bobHears.notices(NoticeNames.JOIN)).isEmpty();
        assertThat(bobHears.notices(NoticeNames.PART)).isEmpty();
        assertThat(carolHears.notices(NoticeNames.BJOIN)).isEmpty();
        assertThat(carolHears.notices(NoticeNames.JOIN)).isEmpty();
        assertThat(aliceHears.notices).hasSize(3);
    }

    @Test
    void aClientThatClosesItsSessionPartsFromItsRooms() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        RoomUri uri = TestNode.uri(room);
        ChatClient dave = node.connect(user("dave"));
        ChatClient erin = node.connect(user("erin"));
        Recorder daveHears = Recorder.on(dave);
        joined(dave, uri);
        joined(erin, uri);

        erin.close();

        assertPartNotice(daveHears.awaitNotices(NoticeNames.PART, 1).get(0), user("erin"), uri);
        await().atMost(WAIT).until(() -> !node.joined(room, user("erin")));
        await().atMost(WAIT).until(() -> node.complianceEvents("PART", user("erin"), room) == 1);
    }

    @Test
    void aClientWhoseConnectionIsResetPartsFromItsRooms() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));
        RoomUri uri = TestNode.uri(room);
        ChatClient frank = node.connect(user("frank"));
        Recorder frankHears = Recorder.on(frank);
        joined(frank, uri);
        SipTestClient raw = SipTestClient.connect(node.node.sipPort());
        ClientDialog gina = new ClientDialog(raw, user("gina"), "sip:pchat@example.com");
        assertThat(gina.invite().getStatusCode()).isEqualTo(200);
        assertThat(gina.info(RawXccos.join(uri)).getStatusCode()).isEqualTo(200);
        SIPRequest reply = raw.awaitRequest("INFO");
        gina.answer(reply, 200);
        assertThat(new String(reply.getRawContent(), java.nio.charset.StandardCharsets.UTF_8)).contains("rpl:join", "code=\"200\"");
        frankHears.awaitNotices(NoticeNames.JOIN, 1);

        raw.reset();

        assertPartNotice(frankHears.awaitNotices(NoticeNames.PART, 1).get(0), user("gina"), uri);
        await().atMost(WAIT).until(() -> !node.joined(room, user("gina")));
    }

    @Test
    void aboveParticipantUpdateLimitNoJoinOrPartNoticesAreSent(@TempDir Path otherDir) throws Exception {
        NodeConfig.ChatLimits d = NodeConfig.ChatLimits.defaults();
        NodeConfig.ChatLimits two = new NodeConfig.ChatLimits(d.defaultChatHistory(), d.messageSizeLimit(), d.storySizeLimit(),
                d.searchLimit(), 2, d.fileSizeLimitKb(), d.fileTokenLifetime());
        try (TestNode small = TestNode.start(otherDir, c -> c.withChat(two))) {
            RoomUri lobby = small.lobby();
            ChatClient h = small.connect(user("hal"));
            ChatClient i = small.connect(user("ida"));
            ChatClient j = small.connect(user("jon"));
            Recorder hHears = Recorder.on(h);
            Recorder iHears = Recorder.on(i);
            joined(h, lobby);
            joined(i, lobby); // 2 dialogs: within the limit, hal is told
            hHears.awaitNotices(NoticeNames.JOIN, 1);

            joined(j, lobby); // 3 dialogs: above it, nobody is told
            assertThat(j.part(lobby).get(10, TimeUnit.SECONDS).code()).isEqualTo(200); // 3 counting the leaver: silent
            assertThat(i.part(lobby).get(10, TimeUnit.SECONDS).code()).isEqualTo(200); // 2 counting the leaver: told
            hHears.awaitNotices(NoticeNames.PART, 1);

            assertThat(hHears.notices(NoticeNames.JOIN)).hasSize(1);
            assertThat(hHears.notices(NoticeNames.PART)).hasSize(1);
            assertPartNotice(hHears.notices(NoticeNames.PART).get(0), user("ida"), lobby);
            assertThat(iHears.notices).isEmpty();
            // messages still flow to everyone above the limit
            assertThat(h.post(lobby, "still here").get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(hHears.awaitMessages(lobby, 1)).hasSize(1);
        }
    }

    private static void assertJoinNotice(Notice notice, String who, Room room) {
        assertThat(notice.resp().code()).isEqualTo(200);
        Uib uib = (Uib) notice.data().get(0);
        assertThat(uib.uri()).isEqualTo(who);
        assertThat(uib.aibs()).singleElement().satisfies(aib -> {
            assertThat(aib.key()).isEqualTo(Aib.KEY_PARTICIPANTS);
            assertThat(aib.domain()).isEqualTo(TestNode.DOMAIN);
            assertThat(aib.value()).isEqualTo(room.id());
        });
    }

    private static void assertPartNotice(Notice notice, String who, RoomUri room) {
        Chanib chanib = (Chanib) notice.data().get(0);
        assertThat(chanib.uri()).isEqualTo(room.toString());
        assertThat(chanib.uibs()).extracting(Uib::uri).containsExactly(who);
    }
}
