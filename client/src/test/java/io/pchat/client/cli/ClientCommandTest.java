package io.pchat.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pchat.client.FakeNodes;
import io.pchat.protocol.xccos.Aib;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Command;
import io.pchat.protocol.xccos.CommandNames;
import io.pchat.protocol.xccos.DataBlock;
import io.pchat.protocol.xccos.Info;
import io.pchat.protocol.xccos.Msg;
import io.pchat.protocol.xccos.Prop;
import io.pchat.protocol.xccos.Qib;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.Resp;
import io.pchat.protocol.xccos.ResultCode;
import io.pchat.protocol.xccos.Uib;
import picocli.CommandLine;

/** What {@code pchat client} prints against a scripted node, and its exit codes. */
class ClientCommandTest {

    static final String LOBBY = "ma-chan://example.com/0f8e-lobby";
    static final String DEV = "ma-chan://example.com/77aa-dev";
    static final Instant T0 = Instant.parse("2026-11-26T09:00:01Z");

    private FakeNodes.Handle node;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        node = FakeNodes.start(ClientCommandTest::script);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void roomsPrintsATable() {
        int code = run("rooms");
        assertThat(code).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "NAME   PRIVACY  USERS  URI",
                "Lobby  open     12     " + LOBBY,
                "Dev    secret   3      " + DEV,
                "2 rooms");
    }

    @Test
    void historyPrintsOneLinePerMessage() {
        int code = run("history", "lobby", "-n", "2");
        assertThat(code).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "[41] 2026-11-26T09:00:01Z sip:bob@example.com: good morning",
                "[42] 2026-11-26T09:00:02Z sip:carol@example.com: two\\nlines");
        assertThat(node.commandNames()).containsExactly("chansrch", "bccontext");
    }

    @Test
    void postPrintsTheMsgidItSawComeBack() {
        int code = run("post", LOBBY, "hello all");
        assertThat(code).isZero();
        assertThat(out.toString().strip()).isEqualTo("posted [100]");
        assertThat(node.commandNames()).as("a URI needs no search; a post needs a join").containsExactly("join");
    }

    @Test
    void aRefusedPostSaysSoOnStderrWithExitCode3() {
        node.refusePosts(403);
        int code = run("post", "Lobby", "hello");
        assertThat(code).isEqualTo(ClientCommand.REFUSED);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("refused: 403");
    }

    @Test
    void aPostAnswered504IsLookedForInTheHistoryAndSentAgainWhileItIsNotThere() {
        node.refusePosts(504); // the node never can tell, and the post never shows up in the history

        int code = run("post", LOBBY, "maybe");

        assertThat(code).isEqualTo(ClientCommand.REFUSED);
        assertThat(err.toString()).contains("not in the room's history: sending it again").contains("giving up");
        assertThat(node.commandNames()).as("one join, then a history read after each of the 3 attempts")
                .containsExactly("join", "bccontext", "bccontext", "bccontext");
    }

    @Test
    void joinPrintsTheRoomParticipantsAndHistory() {
        int code = run("join", "LOBBY");
        assertThat(code).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "Lobby  " + LOBBY,
                "topic: mornings",
                "participants (2):",
                "  sip:alice@example.com",
                "  sip:bob@example.com (manager)",
                "history (1):",
                "[41] 2026-11-26T09:00:01Z sip:bob@example.com: good morning");
    }

    @Test
    void searchPrintsMatchesInTheHistoryFormat() {
        assertThat(run("search", "Lobby", "morning")).isZero();
        assertThat(out.toString().lines()).containsExactly("[41] 2026-11-26T09:00:01Z sip:bob@example.com: good morning");
    }

    @Test
    void tailPrintsArrivingMessagesUntilTheCount() throws Exception {
        Thread pusher = new Thread(() -> {
            try {
                node.awaitCommand("join");
                node.deliver(LOBBY, "sip:bob@example.com", 43, "first");
                node.deliver(DEV, "sip:bob@example.com", 7, "elsewhere");
                node.deliver(LOBBY, "sip:carol@example.com", 44, "second");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        pusher.start();
        int code = run("tail", "Lobby", "--count", "2", "--for", "10");
        pusher.join(5000);
        assertThat(code).isZero();
        assertThat(out.toString().lines()).extracting(l -> l.replaceAll(" \\S+Z ", " TS "))
                .containsExactly("[43] TS sip:bob@example.com: first", "[44] TS sip:carol@example.com: second");
    }

    @Test
    void anUnknownRoomIsExitCode3() {
        assertThat(run("history", "Nowhere")).isEqualTo(ClientCommand.REFUSED);
        assertThat(err.toString()).contains("no room named Nowhere");
    }

    @Test
    void aRefusedCommandIsExitCode3() {
        assertThat(run("history", "Dev")).isEqualTo(ClientCommand.REFUSED);
        assertThat(err.toString()).contains("history refused: 403 ERROR_PERMISSION");
    }

    @Test
    void noNodeIsExitCode4() {
        int port = node.port();
        node.close();
        assertThat(runAt(port, "rooms")).isEqualTo(ClientCommand.NO_CONNECTION);
        assertThat(err.toString()).startsWith("no connection to 127.0.0.1:" + port);
    }

    @Test
    void usageErrorsAreExitCode2() {
        assertThat(run()).isEqualTo(ClientCommand.USAGE);
        assertThat(run("post", "Lobby")).isEqualTo(ClientCommand.USAGE);
        assertThat(new CommandLine(new ClientCommand()).setErr(new PrintWriter(err)).execute("rooms"))
                .as("--user is required").isEqualTo(ClientCommand.USAGE);
    }

    private int run(String... args) {
        return runAt(node.port(), args);
    }

    private int runAt(int port, String... args) {
        List<String> all = new ArrayList<>(List.of("--server", "127.0.0.1:" + port, "--user", "sip:alice@example.com",
                "--timeout", "3"));
        all.addAll(List.of(args));
        return new CommandLine(new ClientCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
    }

    /** A node with two rooms: Lobby (open, with history) and Dev (secret, history refused). */
    static List<Reply> script(Command command, long envid) {
        List<DataBlock> data = new ArrayList<>();
        Resp resp = Resp.OK;
        switch (command.name()) {
            case CommandNames.CHANSRCH -> {
                String criteria = ((Qib) command.data().get(0)).criteria().toLowerCase(Locale.ROOT);
                if ("lobby".contains(criteria)) {
                    data.add(summary(LOBBY, "Lobby", Info.VISIBILITY_PUBLIC, 12));
                }
                if ("dev".contains(criteria)) {
                    data.add(summary(DEV, "Dev", Info.VISIBILITY_PRIVATE, 3));
                }
            }
            case CommandNames.JOIN -> {
                data.add(Uib.indexed("0", "sip:alice@example.com"));
                data.add(Uib.indexed("1", "sip:bob@example.com"));
                data.add(new Chanib(LOBBY, "Lobby", "", "mornings", null,
                        List.of(Aib.members(Aib.KEY_PARTICIPANTS, List.of("0")), Aib.members(Aib.KEY_MANAGERS, List.of("1"))),
                        List.of(), List.of(), List.of(), List.of(Msg.of(LOBBY, "sip:bob@example.com", T0, 41, "good morning")),
                        List.of()));
            }
            case CommandNames.BCCONTEXT -> {
                Chanib room = (Chanib) command.data().get(0);
                if (room.uri().equals(DEV)) {
                    resp = ResultCode.ERROR_PERMISSION.resp();
                } else {
                    data.add(Chanib.history(LOBBY, List.of(Msg.of(LOBBY, "sip:bob@example.com", T0, 41, "good morning"),
                            Msg.of(LOBBY, "sip:carol@example.com", T0.plusSeconds(1), 42, "two\nlines"))));
                }
            }
            case CommandNames.CHATSRCH -> data.add(Chanib.history(LOBBY,
                    List.of(Msg.of(LOBBY, "sip:bob@example.com", T0, 41, "good morning"))));
            default -> resp = ResultCode.MSG_NOT_SUPPORTED.resp();
        }
        return List.of(Reply.to(command, envid, 1, resp, data));
    }

    static Chanib summary(String uri, String name, String visibility, int users) {
        return Chanib.summaryForm(uri, name, "", "ma-cat://example.com/root",
                List.of(Info.userCount(users), Info.visibility(visibility)), List.of(Prop.of(Prop.LOGGED, true)));
    }
}
