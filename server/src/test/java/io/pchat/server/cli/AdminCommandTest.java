package io.pchat.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pchat.server.admin.AdminTestNode;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import picocli.CommandLine;

/**
 * {@code pchat admin} end to end against a real node: what it prints (tables, or the API's JSON
 * with {@code --json}), what it changes, and its exit statuses (0 ok, 2 usage, 3 refused,
 * 4 no connection, 5 server error).
 */
class AdminCommandTest {

    @TempDir
    static Path dir;
    static AdminTestNode node;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        node = AdminTestNode.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    /** {@code pchat admin --url <node> --token-file <node's> args...} */
    private int admin(String... args) {
        List<String> all = new ArrayList<>(List.of("admin", "--url", node.url(), "--token-file", node.tokenFile().toString()));
        all.addAll(List.of(args));
        return pchat(all.toArray(String[]::new));
    }

    private int pchat(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = PchatCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private JsonNode jsonOut() throws Exception {
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void roomNewWithTheOriginalsOptionsCreatesTheRoomAndShowsIt() {
        int status = admin("room", "new", "--name", "Engineering", "--privacy", "closed",
                "--members", "sip:a@example.com,sip:b@example.com", "--managers", "sip:lead@example.com",
                "--description", "builders", "--logged", "on");
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("name:", "Engineering", "closed", "sip:a@example.com,sip:b@example.com");
        Room room = node.store().rooms().byName("engineering").orElseThrow();
        assertThat(room.privacy()).isEqualTo(Privacy.CLOSED);
        assertThat(node.store().rooms().roles(room.id()).managers()).containsExactly("sip:lead@example.com");
    }

    @Test
    void aDuplicateNameExitsThreeWithThe409() {
        assertThat(admin("room", "new", "--name", "Dup")).isZero();
        assertThat(admin("room", "new", "--name", "dup")).isEqualTo(3);
        assertThat(err.toString()).contains("409", "room 'dup' already exists");
    }

    @Test
    void anUnknownRoomExitsThreeWithThe404() {
        assertThat(admin("room", "show", "Atlantis")).isEqualTo(3);
        assertThat(err.toString()).contains("404 room 'Atlantis' not found");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void roomListIsAnAlignedTable() {
        admin("room", "new", "--name", "Tabled");
        assertThat(admin("room", "list")).isZero();
        String[] lines = out.toString().split("\\R");
        assertThat(lines[0]).startsWith("NAME").contains("CATEGORY", "PRIVACY", "JOINED");
        assertThat(lines[0].indexOf("CATEGORY")).isEqualTo(lineOf(lines, "Tabled").indexOf("example.com"));
        assertThat(lines[lines.length - 1]).matches("\\d+ rooms");
    }

    private static String lineOf(String[] lines, String start) {
        for (String line : lines) {
            if (line.startsWith(start)) {
                return line;
            }
        }
        throw new AssertionError("no line " + start);
    }

    @Test
    void jsonPassesTheApisAnswerThroughWhereverItIsGiven() throws Exception {
        assertThat(admin("--json", "room", "show", "Lobby")).isZero();
        assertThat(jsonOut().get("privacy").asText()).isEqualTo("open");
        assertThat(admin("room", "list", "--json")).isZero();
        assertThat(jsonOut().get("rooms").isArray()).isTrue();
    }

    @Test
    void roomSetDisableEnableAndMembers() {
        admin("room", "new", "--name", "Lifecycle");
        assertThat(admin("room", "set", "Lifecycle", "--privacy", "open", "--topic", "t")).isZero();
        assertThat(admin("room", "disable", "lifecycle")).isZero();
        assertThat(out.toString()).contains("room Lifecycle disabled");
        assertThat(node.store().rooms().byName("Lifecycle").orElseThrow().disabled()).isTrue();
        assertThat(admin("room", "enable", "lifecycle")).isZero();
        assertThat(admin("room", "member", "add", "Lifecycle", "sip:x@example.com", "sip:y@example.com", "--role", "presenter"))
                .isZero();
        assertThat(out.toString()).startsWith("2 change(s)");
        assertThat(admin("room", "member", "remove", "Lifecycle", "sip:x@example.com", "--role", "presenter")).isZero();
        Room room = node.store().rooms().byName("Lifecycle").orElseThrow();
        assertThat(node.store().rooms().roles(room.id()).presenters()).containsExactly("sip:y@example.com");
        assertThat(admin("room", "remove", "Lifecycle")).isZero();
        assertThat(node.store().rooms().byName("Lifecycle")).isEmpty();
    }

    @Test
    void aBadValueIsRefusedByTheServerWithItsMessage() {
        assertThat(admin("room", "new", "--name", "Odd", "--privacy", "hidden")).isEqualTo(3);
        assertThat(err.toString()).contains("400 field 'privacy' must be one of open, closed, secret");
    }

    @Test
    void categoriesAreCreatedListedChangedAndRemoved() {
        assertThat(admin("category", "new", "--name", "Legal", "--allowed-members", "@example.com",
                "--file-upload", "off")).isZero();
        assertThat(out.toString()).contains("allowed members:", "@example.com");
        assertThat(admin("category", "list")).isZero();
        assertThat(out.toString()).contains("(root)", "Legal");
        assertThat(admin("category", "set", "legal", "--creators", "sip:boss@example.com")).isZero();
        assertThat(node.store().categories().list().stream().filter(c -> c.name().equals("Legal")).findFirst()
                .orElseThrow().creators()).containsExactly("sip:boss@example.com");
        assertThat(admin("category", "remove", "Legal")).isZero();
        assertThat(admin("category", "remove", "Legal")).isEqualTo(3);
        assertThat(admin("category", "new", "--name", "X", "--logged", "maybe")).isEqualTo(2);
    }

    @Test
    void usersAreAddedDisabledGivenAPasswordAndListed() {
        assertThat(admin("user", "add", "sip:carol@example.com", "--display-name", "Carol")).isZero();
        assertThat(admin("user", "disable", "sip:carol@example.com")).isZero();
        assertThat(out.toString()).contains("enabled:", "no");
        assertThat(admin("user", "password", "sip:carol@example.com", "--password", "pw")).isZero();
        assertThat(admin("user", "list")).isZero();
        assertThat(out.toString()).contains("URI", "sip:carol@example.com", "Carol");
        assertThat(admin("user", "add", "sip:carol@example.com")).isEqualTo(3);
    }

    @Test
    void anEmptyPasswordIsAUsageErrorAndTheUserIsNotAdded() {
        assertThat(admin("user", "add", "sip:nopw@example.com", "--password=")).isEqualTo(2);
        assertThat(err.toString()).contains("an empty password is refused");
        assertThat(node.store().users().get("sip:nopw@example.com")).isEmpty();
    }

    @Test
    void underJsonAnErrorIsAJsonObjectWithTheMessageAndTheExitStatus() throws Exception {
        assertThat(admin("--json", "room", "show", "Atlantis")).isEqualTo(3);

        assertThat(out.toString()).isEmpty();
        JsonNode error = new ObjectMapper().readTree(err.toString());
        assertThat(error.get("error").asText()).contains("404 room 'Atlantis' not found");
        assertThat(error.get("exit").asInt()).isEqualTo(3);
    }

    @Test
    void configShowAndSet() {
        assertThat(admin("config", "show")).isZero();
        assertThat(out.toString()).contains("SETTING", "defaultChatHistory", "running = saved");
        assertThat(admin("config", "set", "--search-limit", "500")).isZero();
        assertThat(out.toString()).contains("saved values apply at the next start");
        assertThat(admin("config", "set")).isEqualTo(2);
    }

    @Test
    void complianceExportToAFileAndPurgeOfARoom(@TempDir Path tmp) throws Exception {
        admin("room", "new", "--name", "Audited");
        Room room = node.store().rooms().byName("Audited").orElseThrow();
        node.store().messageLog().append(new io.pchat.storage.log.NewMessage(room.id(), "sip:a@example.com", "audit me",
                false, null)).get(10, TimeUnit.SECONDS);
        assertThat(admin("purge", "--room", "Audited")).isZero();
        assertThat(out.toString()).contains("purged 1 message(s) of room Audited");
        Path file = tmp.resolve("export.xml");
        assertThat(admin("compliance", "export", "--from", "2000-01-01", "--out", file.toString())).isZero();
        assertThat(Files.readString(file)).contains("kind=\"PURGE\"", "purged 1 message(s) of room 'Audited'")
                .doesNotContain("audit me");
        assertThat(admin("compliance", "export", "--from", "2000-01-01")).isZero();
        assertThat(out.toString()).startsWith("<?xml").contains("</complianceExport>");
        assertThat(admin("purge", "--before", "2000-01-01")).isZero();
        assertThat(admin("purge")).isEqualTo(2);
        assertThat(admin("purge", "--room", "A", "--before", "2000-01-01")).isEqualTo(2);
    }

    @Test
    void healthPrintsAndExitsZeroWhenReady() throws Exception {
        assertThat(admin("health")).isZero();
        assertThat(out.toString()).contains("ready:", "role:", "active", "pool state:", "NORMAL", "primary (H2, reachable)");
        assertThat(admin("health", "--json")).isZero();
        assertThat(jsonOut().get("ready").asBoolean()).isTrue();
    }

    @Test
    void aWrongTokenExitsThreeAndNoTokenSaysHowToGiveOne() {
        assertThat(pchat("admin", "--url", node.url(), "--token", "wrong-token-0000000000", "room", "list")).isEqualTo(3);
        assertThat(err.toString()).contains("401");
        assertThat(pchat("admin", "--url", node.url(), "--token-file", dir.resolve("none").toString(), "room", "list"))
                .isEqualTo(3);
        assertThat(err.toString()).contains("no token given");
    }

    @Test
    void noServerExitsFour() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        assertThat(pchat("admin", "--url", "http://127.0.0.1:" + port, "health")).isEqualTo(4);
        assertThat(err.toString()).contains("cannot connect to http://127.0.0.1:" + port);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(admin()).isEqualTo(2);
        assertThat(admin("room", "new")).isEqualTo(2);
        assertThat(err.toString()).contains("--name");
        assertThat(admin("room", "frobnicate")).isEqualTo(2);
    }

    @Test
    void testMessageExchangesAMessageBothWaysAndReportsTimes() throws Exception {
        String server = "127.0.0.1:" + node.node.sipPort();
        assertThat(admin("test-message", "--room", "Lobby", "--server", server)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("test-message in Lobby: success", "sip:pchat-test1@example.com",
                "sip:pchat-test2@example.com", "round trip:");
        assertThat(admin("test-message", "--room", "Lobby", "--server", server, "--json",
                "--users", "sip:x1@example.com,sip:x2@example.com")).isZero();
        JsonNode result = jsonOut();
        assertThat(result.get("success").asBoolean()).isTrue();
        assertThat(result.get("legs")).hasSize(2);
        assertThat(result.get("roundTripMs").asLong()).isNotNegative();
    }

    @Test
    void testMessageInARoomTheUsersCannotJoinExitsThree() {
        admin("room", "new", "--name", "Members only", "--privacy", "secret");
        assertThat(admin("test-message", "--room", "Members only", "--server", "127.0.0.1:" + node.node.sipPort()))
                .isEqualTo(3);
        assertThat(err.toString()).contains("cannot join");
    }
}
