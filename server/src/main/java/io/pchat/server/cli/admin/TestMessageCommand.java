package io.pchat.server.cli.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatEvent;
import io.pchat.client.ClientOptions;
import io.pchat.client.CommandResult;
import io.pchat.client.JoinedRoom;
import io.pchat.client.PostResult;
import io.pchat.client.SessionRefusedException;
import io.pchat.protocol.xccos.RoomUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pchat admin test-message --room R} (Test-CsPersistentChatMessage): a synthetic check of
 * the whole chat path. Two test users connect over SIP, join the room, and each posts a message
 * the other must receive; it reports success and, per direction, the time from posting to
 * delivery, and the round trip. The room is found through the admin API (so it must exist); the
 * users must be allowed to join it (members of a closed room). The two messages stay in the
 * room's history, as with the original cmdlet.
 *
 * <p>Exit 0 when both messages arrived, 3 when something was refused or did not arrive in time,
 * 4 when the node's SIP or admin port does not answer.
 */
@Command(name = "test-message", mixinStandardHelpOptions = true,
        description = "Two test users join a room and exchange a message both ways; reports round-trip times.")
public final class TestMessageCommand implements Callable<Integer> {

    @ParentCommand
    AdminSession admin;

    @Option(names = "--room", required = true, description = "Room name, id or ma-chan:// URI.")
    String room;

    @Option(names = "--users", split = ",", paramLabel = "URI",
            description = "The two test users (default sip:pchat-test1@<domain>,sip:pchat-test2@<domain>).")
    List<String> users;

    @Option(names = "--password", description = "Their Digest password, when the node asks for one.")
    String password;

    @Option(names = "--server", defaultValue = "127.0.0.1:5041", paramLabel = "HOST:PORT",
            description = "The node's SIP address (default ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "How long to wait for each step (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** One direction's result. */
    record Leg(String from, String to, long deliveryMillis) {
    }

    @Override
    public Integer call() {
        return admin.run(client -> {
            JsonNode target = client.get(RoomCommand.path(room)).json();
            RoomUri uri = RoomUri.parse(Forms.text(target, "uri"))
                    .orElseThrow(() -> new AdminFailure(AdminExit.SERVER_ERROR, "the server gave no room URI"));
            List<String> pair = users != null ? users : List.of("sip:pchat-test1@" + uri.domain(), "sip:pchat-test2@" + uri.domain());
            if (pair.size() != 2) {
                throw new AdminFailure(AdminExit.USAGE, "--users needs exactly two users, got " + pair.size());
            }
            List<Leg> legs = exchange(uri, pair);
            report(Forms.text(target, "name"), legs);
            return AdminExit.OK;
        });
    }

    private List<Leg> exchange(RoomUri uri, List<String> pair) throws Exception {
        List<ChatClient> clients = new ArrayList<>();
        try {
            for (String user : pair) {
                clients.add(connect(user));
            }
            for (ChatClient c : clients) {
                c.events(); // listen before anything is posted
                join(c, uri);
            }
            List<Leg> legs = new ArrayList<>();
            legs.add(leg(clients.get(0), clients.get(1), uri));
            legs.add(leg(clients.get(1), clients.get(0), uri));
            return legs;
        } finally {
            clients.forEach(ChatClient::close);
        }
    }

    private ChatClient connect(String user) throws Exception {
        int colon = server.lastIndexOf(':');
        ClientOptions options;
        try {
            options = ClientOptions.forUser(user)
                    .withServer(colon < 0 ? server : server.substring(0, colon),
                            colon < 0 ? ClientOptions.DEFAULT_PORT : Integer.parseInt(server.substring(colon + 1)))
                    .withPassword(password).withCommandTimeout(timeout()).withConnectTimeout(timeout());
        } catch (IllegalArgumentException e) {
            throw new AdminFailure(AdminExit.USAGE, "--server or --users: " + e.getMessage());
        }
        try {
            return ChatClient.open(options);
        } catch (SessionRefusedException e) {
            throw new AdminFailure(AdminExit.REFUSED, "session of " + user + " refused: " + e.getMessage());
        } catch (IOException e) {
            throw new AdminFailure(AdminExit.NO_CONNECTION, "no SIP session with " + server + " for " + user + ": " + e.getMessage());
        }
    }

    private void join(ChatClient client, RoomUri uri) throws Exception {
        CommandResult<Optional<JoinedRoom>> joined = client.join(uri).get(timeoutSeconds + 5L, TimeUnit.SECONDS);
        if (!joined.isOk()) {
            throw new AdminFailure(AdminExit.REFUSED, client.user() + " cannot join: " + joined.code() + " "
                    + joined.resp().text() + " (test users must be allowed to join the room)");
        }
    }

    private Leg leg(ChatClient from, ChatClient to, RoomUri uri) throws Exception {
        String text = "pchat test-message " + UUID.randomUUID() + " from " + from.user();
        long began = System.nanoTime();
        PostResult posted = from.post(uri, text).get(timeoutSeconds + 5L, TimeUnit.SECONDS);
        if (!posted.isStored()) {
            throw new AdminFailure(AdminExit.REFUSED, from.user() + " cannot post: " + posted.status() + " " + posted.reason());
        }
        Optional<ChatEvent.MessageReceived> delivered = to.events().next(ChatEvent.MessageReceived.class,
                e -> text.equals(e.message().chat()), timeout());
        if (delivered.isEmpty()) {
            throw new AdminFailure(AdminExit.REFUSED, "the message of " + from.user() + " did not reach " + to.user()
                    + " within " + timeoutSeconds + " s");
        }
        return new Leg(from.user(), to.user(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    private void report(String roomName, List<Leg> legs) {
        long roundTrip = legs.stream().mapToLong(Leg::deliveryMillis).sum();
        if (admin.json()) {
            ObjectNode result = Forms.object().put("success", true).put("room", roomName).put("roundTripMs", roundTrip);
            ArrayNode array = result.putArray("legs");
            legs.forEach(l -> array.addObject().put("from", l.from()).put("to", l.to()).put("deliveryMs", l.deliveryMillis()));
            admin.out().println(result);
            return;
        }
        TextTable table = new TextTable("FROM", "TO", "DELIVERY");
        legs.forEach(l -> table.row(l.from(), l.to(), l.deliveryMillis() + " ms"));
        admin.out().print("test-message in " + roomName + ": success" + System.lineSeparator() + table
                + "round trip: " + roundTrip + " ms" + System.lineSeparator());
    }

    private Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }
}
