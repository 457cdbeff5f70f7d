package io.pchat.server.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatEvent;
import io.pchat.client.ClientOptions;
import io.pchat.client.CommandResult;
import io.pchat.client.JoinedRoom;
import io.pchat.client.PostResult;
import io.pchat.client.SessionRefusedException;
import io.pchat.protocol.xccos.RoomUri;

/**
 * Test-CsPersistentChatMessage, shared by {@code pchat admin test-message} and the console: two
 * test users connect over SIP, join the room, and each posts a message the other must receive;
 * each direction's time from posting to delivery is measured. The messages stay in the room's
 * history, as with the original cmdlet. Every wait is bounded by {@code timeout}.
 */
public final class TestMessage {

    /** One direction's result. */
    public record Leg(String from, String to, long deliveryMillis) {
    }

    /** Why the exchange did not complete. */
    public enum Problem {
        /** Bad arguments (the server address, the users). */
        USAGE,
        /** A session, join or post refused, or a message not delivered in time. */
        REFUSED,
        /** The node's SIP port does not answer. */
        NO_CONNECTION
    }

    /** The exchange failed; the message says which step and why. */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        private final Problem problem;

        Failed(Problem problem, String message) {
            super(message);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private final String host;
    private final int port;
    private final String password;
    private final Duration timeout;

    /** @param password the test users' Digest password, when the node asks for one (else null) */
    public TestMessage(String host, int port, String password, Duration timeout) {
        this.host = host;
        this.port = port;
        this.password = password;
        this.timeout = timeout;
    }

    /** The two users a test uses when none are named: {@code sip:pchat-test1@<domain>} and {@code ...test2...}. */
    public static List<String> defaultUsers(String domain) {
        return List.of("sip:pchat-test1@" + domain, "sip:pchat-test2@" + domain);
    }

    /** Both directions between the two users of {@code pair}, in {@code room}. */
    public List<Leg> exchange(RoomUri room, List<String> pair) throws Failed, InterruptedException {
        if (pair.size() != 2) {
            throw new Failed(Problem.USAGE, "a test needs exactly two users, got " + pair.size());
        }
        List<ChatClient> clients = new ArrayList<>();
        try {
            for (String user : pair) {
                clients.add(connect(user));
            }
            for (ChatClient c : clients) {
                c.events(); // listen before anything is posted
                join(c, room);
            }
            List<Leg> legs = new ArrayList<>();
            legs.add(leg(clients.get(0), clients.get(1), room));
            legs.add(leg(clients.get(1), clients.get(0), room));
            return legs;
        } finally {
            clients.forEach(ChatClient::close);
        }
    }

    private ChatClient connect(String user) throws Failed, InterruptedException {
        ClientOptions options;
        try {
            options = ClientOptions.forUser(user).withServer(host, port).withPassword(password)
                    .withCommandTimeout(timeout).withConnectTimeout(timeout);
        } catch (IllegalArgumentException e) {
            throw new Failed(Problem.USAGE, "the server or a user: " + e.getMessage());
        }
        try {
            return ChatClient.open(options);
        } catch (SessionRefusedException e) {
            throw new Failed(Problem.REFUSED, "session of " + user + " refused: " + e.getMessage());
        } catch (IOException e) {
            throw new Failed(Problem.NO_CONNECTION, "no SIP session with " + host + ":" + port + " for " + user + ": "
                    + e.getMessage());
        }
    }

    private void join(ChatClient client, RoomUri room) throws Failed, InterruptedException {
        CommandResult<Optional<JoinedRoom>> joined = await(client.join(room), client.user() + " joining");
        if (!joined.isOk()) {
            throw new Failed(Problem.REFUSED, client.user() + " cannot join: " + joined.code() + " "
                    + joined.resp().text() + " (test users must be allowed to join the room)");
        }
    }

    private Leg leg(ChatClient from, ChatClient to, RoomUri room) throws Failed, InterruptedException {
        String text = "pchat test-message " + UUID.randomUUID() + " from " + from.user();
        long began = System.nanoTime();
        PostResult posted = await(from.post(room, text), from.user() + " posting");
        if (!posted.isStored()) {
            throw new Failed(Problem.REFUSED, from.user() + " cannot post: " + posted.status() + " " + posted.reason());
        }
        Optional<ChatEvent.MessageReceived> delivered = to.events().next(ChatEvent.MessageReceived.class,
                e -> text.equals(e.message().chat()), timeout);
        if (delivered.isEmpty()) {
            throw new Failed(Problem.REFUSED, "the message of " + from.user() + " did not reach " + to.user()
                    + " within " + timeout.toSeconds() + " s");
        }
        return new Leg(from.user(), to.user(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    private <T> T await(CompletableFuture<T> step, String what) throws Failed, InterruptedException {
        try {
            return step.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new Failed(Problem.REFUSED, what + " failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw new Failed(Problem.REFUSED, what + " got no answer within " + (timeout.toSeconds() + 5) + " s");
        }
    }
}
