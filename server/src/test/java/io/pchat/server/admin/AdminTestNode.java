package io.pchat.server.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

import io.pchat.client.ChatClient;
import io.pchat.client.ClientOptions;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;
import io.pchat.server.sip.SessionSettings;
import io.pchat.storage.ChatStore;

/**
 * A real {@link ChatNode} on free loopback ports (SIP, files, admin API) over H2 in a test's
 * directory, with a small HTTP client for its admin API that sends the token the node wrote.
 * Every wait is bounded.
 */
public final class AdminTestNode implements AutoCloseable {
    public static final String DOMAIN = "example.com";
    static final Duration WAIT = Duration.ofSeconds(10);

    /** An answer: status, body text, and the body as JSON when it is JSON. */
    public record Answer(int status, String body, String contentType) {
        public JsonNode json() throws IOException {
            return AdminJson.MAPPER.readTree(body);
        }
    }

    public final Path dir;
    public final ChatNode node;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private final List<ChatClient> clients = new ArrayList<>();

    private AdminTestNode(Path dir, NodeConfig config) throws Exception {
        this.dir = dir;
        this.node = new ChatNode(config);
        node.start();
    }

    public static NodeConfig config(Path dir) {
        NodeConfig embedded = NodeConfig.embedded(dir);
        return embedded.withSessions(SessionSettings.builder().port(0).timerTick(Duration.ofMillis(50)).build())
                .withFilePort(0).withAdmin(embedded.admin().withPort(0));
    }

    public static AdminTestNode start(Path dir) throws Exception {
        return start(dir, c -> c);
    }

    public static AdminTestNode start(Path dir, UnaryOperator<NodeConfig> tune) throws Exception {
        return new AdminTestNode(dir, tune.apply(config(dir)));
    }

    public ChatStore store() {
        return node.store();
    }

    public String url() {
        return "http://127.0.0.1:" + node.adminAddress().getPort();
    }

    public Path tokenFile() {
        return dir.resolve(AdminToken.FILE_NAME);
    }

    public String token() throws IOException {
        return Files.readString(tokenFile()).strip();
    }

    /** A call with the node's token; {@code body} null for none. */
    public Answer call(String method, String path, String body) throws Exception {
        return call(method, path, body, "Bearer " + token());
    }

    /** A call with the given {@code Authorization} header (null: none). */
    public Answer call(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""));
    }

    public Answer get(String path) throws Exception {
        return call("GET", path, null);
    }

    public Answer post(String path, String body) throws Exception {
        return call("POST", path, body);
    }

    public Answer patch(String path, String body) throws Exception {
        return call("PATCH", path, body);
    }

    public Answer delete(String path) throws Exception {
        return call("DELETE", path, null);
    }

    /** A connected chat client, closed with the node. */
    public ChatClient connect(String user) throws Exception {
        ChatClient client = ChatClient.open(ClientOptions.forUser(user).withServer("127.0.0.1", node.sipPort())
                .withCommandTimeout(WAIT).withConnectTimeout(WAIT));
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    public static String user(String name) {
        return "sip:" + name + "@" + DOMAIN;
    }

    /** JSON text from single-quoted text, so bodies in tests read cleanly: {@code json("{'a': 1}")}. */
    public static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    @Override
    public void close() throws Exception {
        List<ChatClient> all;
        synchronized (clients) {
            all = new ArrayList<>(clients);
        }
        all.forEach(ChatClient::close);
        node.stop();
    }
}
