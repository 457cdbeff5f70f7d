package io.pchat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pchat.protocol.xccos.Aib;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Command;
import io.pchat.protocol.xccos.CommandNames;
import io.pchat.protocol.xccos.Fib;
import io.pchat.protocol.xccos.Info;
import io.pchat.protocol.xccos.Msg;
import io.pchat.protocol.xccos.Notice;
import io.pchat.protocol.xccos.Prop;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.Resp;
import io.pchat.protocol.xccos.ResultCode;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Uib;

/** Commands go out one per envelope; replies find their command by (seqid, envid), however they come. */
class CommandCorrelationTest {

    static final RoomUri ROOM = RoomUri.of("example.com", "11111111-aaaa");
    private FakeChatNode node;
    private ChatClient client;

    @BeforeEach
    void start() throws Exception {
        node = new FakeChatNode();
        client = ChatClient.open(node.options().withCommandTimeout(Duration.ofMillis(700)));
    }

    @AfterEach
    void stop() {
        client.close();
        node.close();
    }

    @Test
    void eachCommandHasItsOwnEnvelopeWithCountingEnvidsAndSeqidOne() {
        client.requri();
        client.getServerInfo();
        await().atMost(Duration.ofSeconds(5)).until(() -> node.commands().size() == 2);
        List<Map.Entry<Long, Command>> sent = node.commands();
        assertThat(sent.get(1).getKey()).isEqualTo(sent.get(0).getKey() + 1);
        assertThat(sent).extracting(e -> e.getValue().seqid()).containsOnly(1L);
        assertThat(sent).extracting(e -> e.getValue().name()).containsExactly("requri", "getserverinfo");
        assertThat(node.requests("INFO").get(0).getContentTypeHeader().getContentType()).isEqualTo("text");
    }

    @Test
    void severalRepliesInOneEnvelopeOutOfOrderWithANoticeAmongThemReachTheirCommands() throws Exception {
        ChatEvents events = client.events();
        CompletableFuture<CommandResult<java.util.Optional<String>>> first = client.requri();
        CompletableFuture<CommandResult<List<RoomSummary>>> second = client.searchRooms("", false);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.commands().size() == 2);
        List<Map.Entry<Long, Command>> sent = node.commands();

        Reply toSecond = Reply.to(sent.get(1).getValue(), sent.get(1).getKey(), 7, Resp.OK, List.of(summary("Lobby")));
        Reply toFirst = Reply.to(sent.get(0).getValue(), sent.get(0).getKey(), 8, Resp.OK,
                List.of(Uib.of("sip:node1@example.com")));
        node.push(toSecond, Notice.of("join", 9), toFirst).get(5, TimeUnit.SECONDS);

        assertThat(first.get(5, TimeUnit.SECONDS).value()).contains("sip:node1@example.com");
        assertThat(second.get(5, TimeUnit.SECONDS).value()).extracting(RoomSummary::name).containsExactly("Lobby");
        assertThat(events.nextNotice(Duration.ofSeconds(5))).get().extracting(Notice::name).isEqualTo("join");
    }

    @Test
    void aReplyForAnotherEnvelopeIsNotTaken() throws Exception {
        CompletableFuture<CommandResult<java.util.Optional<String>>> pending = client.requri();
        await().atMost(Duration.ofSeconds(5)).until(() -> node.commands().size() == 1);
        Map.Entry<Long, Command> sent = node.commands().get(0);
        node.push(Reply.to(sent.getValue(), sent.getKey() + 1000, 1, Resp.OK, List.of())).get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void noReplyWithinTheCommandTimeoutFailsTheFuture() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> client.requri().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class)
                .hasMessageContaining("rpl:requri");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(600), Duration.ofSeconds(4));
    }

    @Test
    void aRefusedCommandInfoFailsWithTheSipStatus() {
        node.infoStatus = 503;
        assertThatThrownBy(() -> client.requri().get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(InfoRefusedException.class, e -> {
                    assertThat(e.answer().status()).isEqualTo(503);
                    assertThat(e.answer().retryAfter()).isEqualTo(Duration.ofSeconds(2));
                });
    }

    @Test
    void aNon200ResultCompletesNormallyWithItsCode() throws Exception {
        node.replies = (command, envid) -> List.of(Reply.to(command, envid, 1, ResultCode.NO_SUCH_NODE.resp(), List.of()));
        CommandResult<java.util.Optional<JoinedRoom>> joined = client.join(ROOM).get(5, TimeUnit.SECONDS);
        assertThat(joined.code()).isEqualTo(404);
        assertThat(joined.isOk()).isFalse();
        assertThat(joined.value()).isEmpty();
    }

    @Test
    void joinSendsOneChanidAndReadsParticipantsManagersAndHistory() throws Exception {
        Instant ts = Instant.parse("2026-11-26T09:00:01Z");
        node.replies = (command, envid) -> List.of(Reply.to(command, envid, 1, Resp.OK, List.of(
                Uib.indexed("0", "sip:alice@example.com"), Uib.indexed("1", "sip:bob@example.com"),
                new Chanib(ROOM.toString(), "Lobby", "desc", "topic", null,
                        List.of(Aib.members(Aib.KEY_PARTICIPANTS, List.of("0")), Aib.members(Aib.KEY_MANAGERS, List.of("1"))),
                        List.of(), List.of(), List.of(),
                        List.of(Msg.of(ROOM.toString(), "sip:bob@example.com", ts, 41, "hello")), List.of()))));

        JoinedRoom room = client.join(ROOM).get(5, TimeUnit.SECONDS).value().orElseThrow();

        Command sent = node.commands().get(0).getValue();
        assertThat(sent.name()).isEqualTo(CommandNames.JOIN);
        assertThat(sent.data()).containsExactly(ROOM.toChanid("0"));
        assertThat(room.name()).isEqualTo("Lobby");
        assertThat(room.topic()).isEqualTo("topic");
        assertThat(room.participants()).containsExactly("sip:alice@example.com", "sip:bob@example.com");
        assertThat(room.managers()).containsExactly("sip:bob@example.com");
        assertThat(room.history()).containsExactly(
                new ChatMessage(41, ROOM.toString(), "sip:bob@example.com", ts, "hello", false, null));
    }

    @Test
    void bjoinReportsFailedRooms() throws Exception {
        RoomUri missing = RoomUri.of("example.com", "gone");
        node.replies = (command, envid) -> List.of(Reply.to(command, envid, 1, Resp.OK, List.of(
                Uib.indexed("0", "sip:alice@example.com"),
                Chanib.joinForm(ROOM.toString(), "Lobby", null, null, List.of(Aib.members(Aib.KEY_PARTICIPANTS, List.of("0")))),
                Fib.operationFailed(missing))));
        BatchJoin result = client.bjoin(List.of(ROOM, missing)).get(5, TimeUnit.SECONDS).value();
        assertThat(node.commands().get(0).getValue().data()).containsExactly(ROOM.toChanid("0"), missing.toChanid("1"));
        assertThat(result.joined()).extracting(JoinedRoom::name).containsExactly("Lobby");
        assertThat(result.failed()).containsExactly(missing.toString());
    }

    @Test
    void historyAndSearchReadMessagesOldestFirst() throws Exception {
        Instant ts = Instant.parse("2026-11-26T09:00:00Z");
        node.replies = (command, envid) -> List.of(Reply.to(command, envid, 1, Resp.OK, List.of(Chanib.history(ROOM.toString(),
                List.of(Msg.of(ROOM.toString(), "sip:a@example.com", ts, 1, "one"),
                        Msg.of(ROOM.toString(), "sip:b@example.com", ts.plusSeconds(1), 2, "two"))))));
        assertThat(client.history(ROOM, 30).get(5, TimeUnit.SECONDS).value()).extracting(ChatMessage::text)
                .containsExactly("one", "two");
        assertThat(client.historyBefore(ROOM, 3, 2).get(5, TimeUnit.SECONDS).value()).hasSize(2);
        assertThat(client.searchChat(ROOM, "o").get(5, TimeUnit.SECONDS).value()).extracting(ChatMessage::msgid)
                .containsExactly(1L, 2L);
        assertThat(node.commands()).extracting(e -> e.getValue().name()).containsExactly("bccontext", "bccontext", "chatsrch");
    }

    static Chanib summary(String name) {
        return Chanib.summaryForm("ma-chan://example.com/" + name.toLowerCase(Locale.ROOT), name, "about " + name, "ma-cat://example.com/root",
                List.of(Info.userCount(3), Info.visibility(Info.VISIBILITY_PUBLIC)),
                List.of(Prop.of(Prop.LOGGED, true), Prop.of(Prop.INVITE, false)));
    }
}
