package io.pchat.server.node.e2e;

import static io.pchat.server.node.e2e.TestNode.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.cli.ClientCommand;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.room.Inheritable;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;

import picocli.CommandLine;

/**
 * {@code pchat client} against the real node (README "Two terminals"): rooms, post, history,
 * search and join print what the node has, and the exit codes say refused (3), no connection
 * (4) and usage (2).
 */
class CommandLineTest {

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

    /** One run of {@code pchat client --server 127.0.0.1:<port> ARGS}. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run client(String user, String... args) {
        return clientAt(node.node.sipPort(), user, args);
    }

    static Run clientAt(int port, String user, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ClientCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 6];
        all[0] = "--server";
        all[1] = "127.0.0.1:" + port;
        all[2] = "--user";
        all[3] = user;
        all[4] = "--timeout";
        all[5] = "5";
        System.arraycopy(args, 0, all, 6, args.length);
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theTwoTerminalSessionOfTheReadme() throws Exception {
        Room lobby = node.lobbyRoom();

        Run rooms = client(user("alice"), "rooms", "Lobby");
        CompletableFuture<Run> tail = CompletableFuture.supplyAsync(() -> client(user("bob"), "tail", "Lobby", "--count", "1", "--for", "10"));
        await().atMost(TestNode.WAIT).until(() -> node.joined(lobby, user("bob")));
        Run post = client(user("alice"), "post", "Lobby", "hello from alice");
        Run tailed = tail.get(15, TimeUnit.SECONDS);
        Run secondPost = client(user("bob"), "post", "lobby", "two\nlines");
        Run history = client(user("bob"), "history", "Lobby", "-n", "10");
        Run search = client(user("bob"), "search", "Lobby", "HELLO");

        assertThat(rooms.exit()).as(rooms.err()).isZero();
        assertThat(rooms.lines()).containsExactly(
                "NAME   PRIVACY  USERS  URI",
                "Lobby  open     0      " + node.lobby(),
                "1 room");
        List<StoredMessage> stored = node.stored(lobby);
        assertThat(stored).extracting(StoredMessage::text).containsExactly("hello from alice", "two\nlines");
        assertThat(post.exit()).as(post.err()).isZero();
        assertThat(post.out().strip()).isEqualTo("posted [1]");
        assertThat(secondPost.out().strip()).isEqualTo("posted [2]");
        String first = "[1] " + stored.get(0).ts() + " sip:alice@example.com: hello from alice";
        String second = "[2] " + stored.get(1).ts() + " sip:bob@example.com: two\\nlines";
        assertThat(tailed.exit()).as(tailed.err()).isZero();
        assertThat(tailed.lines()).contains(first);
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.lines()).containsExactly(first, second);
        assertThat(search.exit()).isZero();
        assertThat(search.lines()).containsExactly(first);
        assertThat(history.err() + search.err() + post.err()).isEmpty();
    }

    @Test
    void joinPrintsTheRoomAndItsParticipants() {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN).withTopic("cli things"));

        Run join = client(user("carol"), "join", room.name());

        assertThat(join.exit()).as(join.err()).isZero();
        assertThat(join.lines()).startsWith(room.name() + "  " + TestNode.uri(room), "topic: cli things", "participants (1):",
                "  sip:carol@example.com");
    }

    @Test
    void refusalsExitWith3AndSayWhy() throws Exception {
        Room closed = node.createRoom(s -> s.withPrivacy(Privacy.CLOSED));
        Room unlogged = node.createRoom(s -> s.withPrivacy(Privacy.OPEN).withLogged(Inheritable.OFF));

        Run notMember = client(user("dave"), "post", closed.name(), "let me in");
        Run unknown = client(user("dave"), "history", "no such room");
        Run noHistory = client(user("dave"), "history", unlogged.name());
        Run tooLong = client(user("dave"), "post", unlogged.name(), "x".repeat(node.config.chat().messageSizeLimit() + 1));

        assertThat(notMember.exit()).isEqualTo(ClientCommand.REFUSED);
        assertThat(notMember.err()).contains("403");
        assertThat(unknown.exit()).isEqualTo(ClientCommand.REFUSED);
        assertThat(unknown.err()).contains("no room named no such room");
        assertThat(noHistory.exit()).isEqualTo(ClientCommand.REFUSED);
        assertThat(noHistory.err()).contains("403");
        assertThat(tooLong.exit()).isEqualTo(ClientCommand.REFUSED);
        assertThat(tooLong.err()).contains("413");
        assertThat(notMember.out() + unknown.out() + noHistory.out() + tooLong.out()).isEmpty();
        assertThat(node.storedTexts(closed)).isEmpty();
        assertThat(node.storedTexts(unlogged)).isEmpty();
    }

    @Test
    void noNodeExits4AndBadUsageExits2() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }

        Run noNode = clientAt(closedPort, user("erin"), "rooms");
        Run usage = client(user("erin"), "history");
        Run noSubcommand = client(user("erin"));

        assertThat(noNode.exit()).isEqualTo(ClientCommand.NO_CONNECTION);
        assertThat(noNode.err()).contains("no connection to 127.0.0.1:" + closedPort);
        assertThat(usage.exit()).isEqualTo(ClientCommand.USAGE);
        assertThat(noSubcommand.exit()).isEqualTo(ClientCommand.USAGE);
    }

    @Test
    void wrongArgumentsAreUsageErrorsInWordsAndSendNothing() throws Exception {
        Room room = node.createRoom(s -> s.withPrivacy(Privacy.OPEN));

        Run negative = client(user("frank"), "history", room.name(), "-n", "-1");
        Run empty = client(user("frank"), "post", room.name(), "");
        Run blank = client(user("frank"), "post", room.name(), "  \t ");

        assertThat(negative.exit()).isEqualTo(ClientCommand.USAGE);
        assertThat(negative.err()).contains("-n must be at least 1 (got -1)").doesNotContain("Exception");
        assertThat(empty.exit()).isEqualTo(ClientCommand.USAGE);
        assertThat(empty.err()).contains("TEXT is empty");
        assertThat(blank.exit()).isEqualTo(ClientCommand.USAGE);
        assertThat(node.storedTexts(room)).isEmpty();
    }

    @Test
    void aDisabledUserIsToldSoWhenTheSessionIsRefused() {
        node.node.store().users().add(user("gone"), "", false);

        Run refused = client(user("gone"), "rooms");

        assertThat(refused.exit()).isEqualTo(ClientCommand.REFUSED);
        assertThat(refused.err()).contains("session refused").contains("403").contains("User Disabled For Persistent Chat");
        assertThat(refused.out()).isEmpty();
    }

    @Test
    void anUnknownOptionIsNamedAndHelpNeedsNoUser() {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ClientCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

        int misspelt = cli.execute("--usr", "sip:gina@example.com", "rooms");
        assertThat(misspelt).isEqualTo(ClientCommand.USAGE);
        assertThat(err.toString()).contains("Unknown options: '--usr'").contains("Possible solutions: --user")
                .doesNotContain("Missing required option");

        int help = cli.execute("rooms", "--help");
        assertThat(help).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Usage:").contains("rooms");

        err.getBuffer().setLength(0);
        int noUser = cli.execute("rooms");
        assertThat(noUser).isEqualTo(ClientCommand.USAGE);
        assertThat(err.toString()).contains("Missing required option: '--user=URI'");
    }
}
