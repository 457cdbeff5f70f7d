package io.pchat.server.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatListener;
import io.pchat.client.ChatMessage;
import io.pchat.client.CommandResult;
import io.pchat.client.RoomSummary;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Token;
import io.pchat.storage.ChatStore;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.file.FileDirection;
import io.pchat.storage.file.RoomFile;
import io.pchat.storage.pool.PoolEpoch;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Acknowledged means on disk: a node in its own process, loaded by clients posting as fast as it
 * acknowledges, is killed with SIGKILL at a random moment and started again on the same data
 * directory, several rounds in a row. After every restart the room's whole history is read back
 * through the node: every post answered 200 is there exactly once, msgids run without a hole, and
 * every msgid a client received live still names the message the client saw. The same for file
 * uploads: one answered 201 is there (record, file, message), an unfinished one leaves nothing, and
 * an upload token is used up exactly when its file was recorded.
 */
class KilledNodeTest {
    private static final int CLIENTS = 4;
    private static final int IN_FLIGHT = 4;
    /** Acknowledgements a round waits for before its random kill moment: proof that it ran under load. */
    private static final int MIN_ACKS_BEFORE_KILL = 50;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theEmbeddedDefaultKeepsEveryAcknowledgedPostThroughKills() throws Exception {
        killAndRestart(dir.resolve("data"), null, 3);
    }

    @Test
    void postgresqlKeepsEveryAcknowledgedPostThroughKillsOfTheNode() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE crash");
            }
            Path config = dir.resolve("pchat.yaml");
            Files.writeString(config, "storage:\n  primary:\n    url: \"" + postgres.getJdbcUrl("postgres", "crash")
                    + "\"\n    user: postgres\n    password: postgres\n");
            killAndRestart(dir.resolve("data"), config, 2);
        }
    }

    private void killAndRestart(Path data, Path config, int rounds) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Ledger ledger = new Ledger();
        NodeProcess node = NodeProcess.start(data, config);
        try {
            for (int round = 1; round <= rounds; round++) {
                RoomUri lobby = lobby(node);
                Load load = new Load(node, lobby, round, ledger);
                await().atMost(WAIT).until(() -> load.acknowledged.get() >= MIN_ACKS_BEFORE_KILL);
                Thread.sleep(random.nextInt(1500)); // the kill lands anywhere in the stream of commits
                node.kill();
                load.stop();
                node = NodeProcess.start(data, config);
                assertThat(node.output()).as("the restart says the last run was killed").contains("did not stop cleanly");

                Map<Long, String> history = readWholeHistory(node, lobby);
                ledger.check(history, "round " + round + " (seed " + seed + ", " + load.acknowledged.get()
                        + " acknowledged this round)");
            }
        } finally {
            node.close();
        }
        assertThat(ledger.acknowledged).as("posts acknowledged over all rounds").hasSizeGreaterThanOrEqualTo(rounds * MIN_ACKS_BEFORE_KILL);
    }

    @Test
    void uploadsAnswered201SurviveAKillAndUnfinishedOnesLeaveNothing() throws Exception {
        Path data = dir.resolve("data");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, String> tokens = new ConcurrentHashMap<>(); // file name -> upload token
        Set<String> created = ConcurrentHashMap.newKeySet(); // file names answered 201
        NodeProcess node = NodeProcess.start(data, null);
        try {
            for (int round = 1; round <= 2; round++) {
                RoomUri lobby = lobby(node);
                ChatClient alice = ChatClient.open(node.options("sip:alice@example.com"));
                ChattingTest.joined(alice, lobby);
                // an upload that will never finish: headers and a third of its body, then silence
                Token stalled = uploadToken(alice, lobby, "stalled-" + round + ".bin", tokens);
                Socket slow = startUpload(stalled, 900_000, 300_000);
                AtomicInteger done = new AtomicInteger();
                int r = round;
                Thread uploader = new Thread(() -> {
                    for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                        String name = "file-" + r + "-" + i + ".bin";
                        try {
                            Token token = uploadToken(alice, lobby, name, tokens);
                            HttpResponse<String> put = http.send(HttpRequest.newBuilder(url(token))
                                    .timeout(Duration.ofSeconds(20)).PUT(HttpRequest.BodyPublishers.ofByteArray(content(name)))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                            if (put.statusCode() == 201) {
                                created.add(name);
                                done.incrementAndGet();
                            }
                        } catch (Exception killed) {
                            return;
                        }
                    }
                }, "uploader");
                uploader.start();
                await().atMost(WAIT).until(() -> done.get() >= 5);
                Thread.sleep(new Random().nextInt(300));
                node.kill();
                uploader.interrupt();
                uploader.join(30_000);
                slow.close();
                alice.close();
                node = NodeProcess.start(data, null);
                try (Stream<Path> leftovers = Files.list(data.resolve("files").resolve(".incoming"))) {
                    assertThat(leftovers).as("unfinished uploads are removed at start").isEmpty();
                }
                Map<Long, String> history = readWholeHistory(node, lobby);
                for (String name : created) {
                    assertThat(history.values()).as("the message of upload " + name + ", answered 201")
                            .anyMatch(text -> text.startsWith(name + " "));
                }
            }
        } finally {
            node.close();
        }

        try (ChatStore store = ChatStore.open(StorageConfig.embedded(data.resolve("db")).build(), new PoolEpoch(1))) {
            String lobbyId = store.rooms().byName("Lobby").orElseThrow().id();
            Map<String, RoomFile> recorded = store.files().files(lobbyId, 10_000).stream()
                    .collect(Collectors.toMap(RoomFile::fileName, f -> f));
            assertThat(recorded.keySet()).as("every upload answered 201 is recorded").containsAll(created);
            assertThat(created).as("uploads answered 201 over both rounds").hasSizeGreaterThanOrEqualTo(10);
            for (RoomFile file : recorded.values()) {
                Path stored = data.resolve("files").resolve(file.roomId()).resolve(file.fileId());
                assertThat(stored).as("the bytes of recorded file " + file.fileName()).hasBinaryContent(content(file.fileName()));
            }
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                boolean unused = store.files().peek(token.getValue(), FileDirection.UPLOAD).isPresent();
                assertThat(unused).as("token of " + token.getKey() + " is unused exactly when no file was recorded for it")
                        .isEqualTo(!recorded.containsKey(token.getKey()));
            }
            assertThat(recorded).as("the stalled uploads stored nothing").doesNotContainKeys("stalled-1.bin", "stalled-2.bin");
        }
    }

    /** The Lobby's URI, found by name as a client would. */
    private static RoomUri lobby(NodeProcess node) throws Exception {
        try (ChatClient client = ChatClient.open(node.options("sip:reader@example.com"))) {
            List<RoomSummary> rooms = client.searchRooms("Lobby", false).get(20, TimeUnit.SECONDS).value();
            return RoomUri.parse(rooms.stream().filter(r -> "Lobby".equals(r.name())).findFirst().orElseThrow().uri())
                    .orElseThrow();
        }
    }

    /** Every message of the room, msgid to text, paged back from the newest through the node. */
    private static Map<Long, String> readWholeHistory(NodeProcess node, RoomUri room) throws Exception {
        Map<Long, String> all = new HashMap<>();
        try (ChatClient reader = ChatClient.open(node.options("sip:reader@example.com"))) {
            ChattingTest.joined(reader, room);
            List<ChatMessage> page = reader.history(room, 30).get(20, TimeUnit.SECONDS).value();
            while (!page.isEmpty()) {
                for (ChatMessage m : page) {
                    assertThat(all.put(m.msgid(), m.text())).as("msgid " + m.msgid() + " read once").isNull();
                }
                page = reader.historyBefore(room, page.get(0).msgid(), 30).get(20, TimeUnit.SECONDS).value();
            }
        }
        return all;
    }

    /** What the clients were told, over every round: checked against the history after each restart. */
    private static final class Ledger {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final Map<Long, String> received = new ConcurrentHashMap<>();
        final Set<String> receivedTwice = ConcurrentHashMap.newKeySet();

        void heard(long msgid, String text) {
            String before = received.putIfAbsent(msgid, text);
            if (before != null && !before.equals(text)) {
                receivedTwice.add(msgid + ": '" + before + "' and '" + text + "'");
            }
        }

        void check(Map<Long, String> history, String when) {
            assertThat(receivedTwice).as(when + ": msgids clients received with two different texts").isEmpty();
            long last = history.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            assertThat(history).as(when + ": msgids 1.." + last + " without a hole").hasSize((int) last);
            Map<String, Long> copies = history.values().stream()
                    .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
            List<String> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            assertThat(duplicated).as(when + ": posts stored more than once").isEmpty();
            List<String> lost = acknowledged.stream().filter(t -> !copies.containsKey(t)).sorted().toList();
            assertThat(lost).as(when + ": acknowledged posts missing after the restart (of " + acknowledged.size() + ")").isEmpty();
            List<String> renamed = new ArrayList<>();
            received.forEach((msgid, text) -> {
                if (!text.equals(history.get(msgid))) {
                    renamed.add(msgid + ": received '" + text + "', now '" + history.get(msgid) + "'");
                }
            });
            assertThat(renamed).as(when + ": msgids that now name another message than the one clients received").isEmpty();
        }
    }

    /** {@value #CLIENTS} clients posting to one room, {@value #IN_FLIGHT} posts in flight each, as fast as acknowledged. */
    private static final class Load {
        final AtomicInteger acknowledged = new AtomicInteger();
        private final List<ChatClient> clients = new ArrayList<>();
        private final RoomUri room;
        private final Ledger ledger;
        private final String round;
        private final AtomicInteger sent = new AtomicInteger();
        private volatile boolean running = true;

        Load(NodeProcess node, RoomUri room, int round, Ledger ledger) throws Exception {
            this.room = room;
            this.ledger = ledger;
            this.round = "r" + round;
            for (int c = 0; c < CLIENTS; c++) {
                ChatClient client = ChatClient.open(node.options("sip:poster" + c + "@example.com"));
                client.addListener(new ChatListener() {
                    @Override
                    public void onMessage(GroupChat message) {
                        if (message.msgid() != null) {
                            ledger.heard(message.msgid(), message.chat());
                        }
                    }
                });
                ChattingTest.joined(client, room);
                clients.add(client);
            }
            for (ChatClient client : clients) {
                for (int i = 0; i < IN_FLIGHT; i++) {
                    post(client);
                }
            }
        }

        private void post(ChatClient client) {
            if (!running) {
                return;
            }
            String text = round + " " + client.user() + " #" + sent.incrementAndGet();
            client.post(room, text).whenComplete((result, failure) -> {
                if (failure == null && result.status() == 200) {
                    ledger.acknowledged.add(text);
                    acknowledged.incrementAndGet();
                }
                if (failure == null) {
                    post(client);
                }
            });
        }

        void stop() {
            running = false;
            clients.forEach(ChatClient::close);
        }
    }

    private static Token uploadToken(ChatClient client, RoomUri room, String name, Map<String, String> tokens) throws Exception {
        CommandResult<Optional<Token>> asked = client.fileUploadToken(room, name).get(20, TimeUnit.SECONDS);
        assertThat(asked.code()).as("upload token for " + name).isEqualTo(200);
        Token token = asked.value().orElseThrow();
        tokens.put(name, token.token());
        return token;
    }

    /** Sends the head of a PUT of {@code length} bytes and {@code sent} of them, and leaves it there. */
    private static Socket startUpload(Token token, int length, int sent) throws IOException {
        URI url = url(token);
        Socket socket = new Socket(url.getHost(), url.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("PUT " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nContent-Length: " + length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[sent]);
        out.flush();
        return socket;
    }

    private static URI url(Token token) {
        return URI.create(token.serveruri() + "/" + token.token());
    }

    /** A file's bytes, derived from its name so that the stored copy can be checked. */
    private static byte[] content(String name) {
        byte[] bytes = new byte[64 * 1024];
        new Random(name.hashCode()).nextBytes(bytes);
        return bytes;
    }
}
