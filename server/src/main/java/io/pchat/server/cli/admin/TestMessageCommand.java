package io.pchat.server.cli.admin;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pchat.client.ClientOptions;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.admin.TestMessage;
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

    @Override
    public Integer call() {
        return admin.run(client -> {
            JsonNode target = client.get(RoomCommand.path(room)).json();
            RoomUri uri = RoomUri.parse(Forms.text(target, "uri"))
                    .orElseThrow(() -> new AdminFailure(AdminExit.SERVER_ERROR, "the server gave no room URI"));
            List<String> pair = users != null ? users : TestMessage.defaultUsers(uri.domain());
            if (pair.size() != 2) {
                throw new AdminFailure(AdminExit.USAGE, "--users needs exactly two users, got " + pair.size());
            }
            int colon = server.lastIndexOf(':');
            List<TestMessage.Leg> legs;
            try {
                int port = colon < 0 ? ClientOptions.DEFAULT_PORT : Integer.parseInt(server.substring(colon + 1));
                legs = new TestMessage(colon < 0 ? server : server.substring(0, colon), port, password,
                        Duration.ofSeconds(timeoutSeconds)).exchange(uri, pair);
            } catch (NumberFormatException e) {
                throw new AdminFailure(AdminExit.USAGE, "--server: not a port in '" + server + "'");
            } catch (TestMessage.Failed e) {
                throw new AdminFailure(switch (e.problem()) {
                    case USAGE -> AdminExit.USAGE;
                    case NO_CONNECTION -> AdminExit.NO_CONNECTION;
                    case REFUSED -> AdminExit.REFUSED;
                }, e.getMessage());
            }
            report(Forms.text(target, "name"), legs);
            return AdminExit.OK;
        });
    }

    private void report(String roomName, List<TestMessage.Leg> legs) {
        long roundTrip = legs.stream().mapToLong(TestMessage.Leg::deliveryMillis).sum();
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
}
