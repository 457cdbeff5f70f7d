package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.ChattingTest.joined;
import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sip.Dialog;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.NoticeNames;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.XccosDecodeResult;
import io.pchat.protocol.xccos.XccosReader;
import io.pchat.server.sip.JainSipUserAgent;
import io.pchat.storage.log.StoredMessage;

/**
 * Interoperability of the real node with an independent SIP stack: JAIN-SIP's reference
 * implementation as a user agent over TCP, with its own transactions and dialog layer, runs a
 * chat session: INVITE, ACK, INFO cmd:join of the Lobby, INFO grpchat; it receives and answers
 * 200 the node's rpl:join and the delivery of its message; then BYE, after which a client in
 * the room hears ntc:part.
 */
class JainSipInteropTest {

    @TempDir
    static Path dir;
    static TestNode node;
    private static JainSipUserAgent ua;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir);
        ua = new JainSipUserAgent("pchat-e2e-interop-ua", node.node.sipPort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (ua != null) {
            ua.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aJainSipUserAgentJoinsTheLobbyPostsHearsItsMessageAndLeaves() throws Exception {
        RoomUri lobby = node.lobby();
        ChatClient watcher = node.connect(user("watcher"));
        Recorder watcherHears = Recorder.on(watcher);
        joined(watcher, lobby);

        JainSipUserAgent.Established call = ua.invite(user("alice"), "e2e-ua-1", "sip:pchat@example.com");
        assertThat(call.ok().getStatusCode()).isEqualTo(200);
        assertThat(call.ok().getHeader("Session-Expires").toString()).contains("refresher=uac");
        Dialog dialog = call.dialog();

        assertThat(ua.info(dialog, RawXccos.join(lobby)).getStatusCode()).isEqualTo(200);
        Reply joinReply = (Reply) nextNodeItem(dialog);
        assertThat(joinReply.name()).isEqualTo("join");
        assertThat(joinReply.resp().code()).isEqualTo(200);
        assertThat(joinReply.commandId().envid()).isEqualTo(101);
        watcherHears.awaitNotices(NoticeNames.JOIN, 1);

        assertThat(ua.info(dialog, RawXccos.post(lobby, "sip:someone-else@example.com", "hello from JAIN-SIP")).getStatusCode())
                .isEqualTo(200);
        GroupChat delivered = (GroupChat) nextNodeItem(dialog);
        assertThat(delivered.chat()).isEqualTo("hello from JAIN-SIP");
        assertThat(delivered.author()).isEqualTo(user("alice"));
        assertThat(delivered.chanUri()).isEqualTo(lobby.toString());
        StoredMessage stored = node.stored(node.lobbyRoom()).get(0);
        assertThat(delivered.msgid()).isEqualTo(stored.msgid());
        assertThat(stored.author()).isEqualTo(user("alice"));
        assertThat(watcherHears.awaitMessages(lobby, 1).get(0).msgid()).isEqualTo(stored.msgid());

        assertThat(ua.bye(dialog).getStatusCode()).isEqualTo(200);
        assertThat(watcherHears.awaitNotices(NoticeNames.PART, 1).get(0).data().toString()).contains(user("alice"));
        await().atMost(TestNode.WAIT).until(() -> !node.joined(node.lobbyRoom(), user("alice")));
    }

    /** The single item of the next INFO the node sent in the dialog (already answered 200 by the UA). */
    private static Object nextNodeItem(Dialog dialog) throws InterruptedException {
        Request request = ua.nextNodeRequest(Duration.ofSeconds(10));
        assertThat(request).as("a node INFO").isNotNull();
        assertThat(request.getMethod()).isEqualTo(Request.INFO);
        assertThat(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId()).isEqualTo(dialog.getCallId().getCallId());
        XccosDecodeResult decoded = new XccosReader().read(request.getRawContent());
        assertThat(decoded).isInstanceOf(XccosDecodeResult.Decoded.class);
        List<?> items = ((XccosDecodeResult.Decoded) decoded).envelope().items();
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
