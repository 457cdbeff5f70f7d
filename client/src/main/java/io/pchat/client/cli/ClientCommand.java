package io.pchat.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatMessage;
import io.pchat.client.ClientOptions;
import io.pchat.client.ClientTls;
import io.pchat.client.CommandResult;
import io.pchat.client.ConnectionLostException;
import io.pchat.client.InfoRefusedException;
import io.pchat.client.RoomSummary;
import io.pchat.client.SessionRefusedException;
import io.pchat.protocol.xccos.RoomUri;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pchat client}: talk to a node from the shell. The connection options live here; each
 * sub-command opens one session, does its one job, prints plain text on stdout and closes.
 *
 * <p>Exit codes: 0 done, 1 unexpected failure, 2 usage, 3 refused by the node (a non-200 result,
 * a refused post or session, an unknown room), 4 no connection or no answer.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "A persistent chat client on the command line.",
        subcommands = {RoomsCommand.class, JoinCommand.class, PostCommand.class, HistoryCommand.class,
                SearchCommand.class, TailCommand.class})
public final class ClientCommand implements Runnable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int REFUSED = 3;
    public static final int NO_CONNECTION = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", defaultValue = "127.0.0.1:5041", paramLabel = "HOST:PORT",
            description = "The node's SIP address (default ${DEFAULT-VALUE}).")
    String server;

    // Required, but checked when a sub-command connects (options()): so that 'client rooms --help' and
    // an unknown option are answered as such, not as a missing --user.
    @Option(names = "--user", paramLabel = "URI", description = "Who you are, e.g. sip:alice@example.com (required).")
    String user;

    @Option(names = "--password", description = "The Digest password, if the node asks for one.")
    String password;

    @Option(names = "--domain", description = "The chat domain (default: the user's).")
    String domain;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "How long to wait for each answer (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--tls-trust", paramLabel = "FILE",
            description = "Speak TLS (to the node's TLS port) trusting exactly this PEM certificate, e.g. the one pchat cert dev made.")
    Path tlsTrust;

    public ClientCommand() {
    }

    /** Without a sub-command: usage on stderr, exit 2. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command: rooms, join, post, history, search or tail");
    }

    /** What a sub-command does with an open session; returns the exit code. */
    @FunctionalInterface
    interface Session {
        int run(ChatClient client) throws Exception;
    }

    /** A failure that ends the command with an exit code and one line on stderr. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }

    /** Opens a session, runs {@code job}, closes; maps every failure to its exit code. */
    int withClient(Session job) {
        ClientOptions options = options();
        try (ChatClient client = ChatClient.open(options)) {
            return job.run(client);
        } catch (Failure f) {
            err().println(f.getMessage());
            return f.exitCode;
        } catch (SessionRefusedException e) {
            err().println("session refused: " + e.getMessage());
            return REFUSED;
        } catch (IOException | ConnectionLostException | TimeoutException e) {
            // the connection was made, then closed without a word: what a TLS port does to plain SIP
            boolean maybeTls = tlsTrust == null && String.valueOf(e.getMessage()).contains("connection lost");
            err().println("no connection to " + options.host() + ":" + options.port() + ": " + e.getMessage()
                    + (maybeTls ? " (a node's TLS port closes a plain connection like this: if it is one, give"
                            + " --tls-trust FILE, the node's certificate)" : ""));
            return NO_CONNECTION;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } catch (Exception e) {
            err().println("failed: " + e);
            return FAILED;
        }
    }

    ClientOptions options() {
        if (user == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--user=URI'");
        }
        int colon = server.lastIndexOf(':');
        int port;
        try {
            port = colon < 0 ? ClientOptions.DEFAULT_PORT : Integer.parseInt(server.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--server must be HOST:PORT: " + server);
        }
        String host = colon < 0 ? server : server.substring(0, colon);
        try {
            ClientOptions options = ClientOptions.forUser(user).withServer(host, port)
                    .withPassword(password)
                    .withCommandTimeout(Duration.ofSeconds(timeoutSeconds))
                    .withConnectTimeout(Duration.ofSeconds(timeoutSeconds));
            if (tlsTrust != null) {
                options = options.withTls(ClientTls.pinned(tlsTrust));
            }
            return domain == null ? options : options.withDomain(domain);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * Waits for a command's answer (bounded by the command timeout, which the future enforces);
     * a non-200 result is a {@link Failure} with exit code 3.
     */
    <T> T await(CompletableFuture<CommandResult<T>> future, String what) throws Exception {
        CommandResult<T> result = get(future);
        if (!result.isOk()) {
            throw new Failure(REFUSED, what + " refused: " + result.code() + " " + result.resp().text());
        }
        return result.value();
    }

    <T> T get(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(timeoutSeconds + 5L, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InfoRefusedException refused) {
                throw new Failure(REFUSED, "refused: " + refused.answer().status() + " " + refused.answer().reason());
            }
            throw cause instanceof Exception ex ? ex : e;
        }
    }

    /**
     * A room given as a {@code ma-chan://} URI, or by name: the chansrch result whose name matches
     * exactly, ignoring case.
     */
    RoomUri resolveRoom(ChatClient client, String room) throws Exception {
        if (room.regionMatches(true, 0, RoomUri.SCHEME, 0, RoomUri.SCHEME.length())) {
            return RoomUri.parse(room).orElseThrow(() -> new Failure(USAGE, "not a room URI: " + room));
        }
        List<RoomSummary> found = await(client.searchRooms(room, false), "room search");
        Optional<RoomUri> match = found.stream()
                .filter(r -> r.name() != null && r.name().toLowerCase(Locale.ROOT).equals(room.toLowerCase(Locale.ROOT)))
                .findFirst()
                .flatMap(r -> RoomUri.parse(r.uri()));
        return match.orElseThrow(() -> new Failure(REFUSED, "no room named " + room));
    }

    /** One message on one line: {@code [msgid] ts author: text}, line breaks in the text shown as {@code \n}. */
    static String line(ChatMessage m) {
        return "[" + m.msgid() + "] " + m.ts() + " " + m.author() + ": "
                + (m.alert() ? "(alert) " : "")
                + (m.storyTitle() != null ? "(" + m.storyTitle() + ") " : "")
                + m.text().replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
