package io.pchat.client.cli;

import io.pchat.client.ChatMessage;
import io.pchat.client.CommandResult;
import io.pchat.client.JoinedRoom;
import io.pchat.protocol.xccos.RoomUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

/** {@code join ROOM}: the room, its participants and the history the join returned. */
@Command(name = "join", mixinStandardHelpOptions = true, description = "Join ROOM and show who is there and what was said.")
final class JoinCommand implements Callable<Integer> {

    @ParentCommand
    ClientCommand parent;

    @Parameters(paramLabel = "ROOM", description = "A room name or ma-chan:// URI.")
    String room;

    @Override
    public Integer call() {
        return parent.withClient(client -> {
            RoomUri uri = parent.resolveRoom(client, room);
            JoinedRoom joined = join(parent, client.join(uri), uri);
            List<ChatMessage> history = joined.history();
            if (history.isEmpty()) {
                // as real clients do: the history follows the join as a bccontext (the node's
                // defaultChatHistory caps it); a room that keeps none answers 403 and shows none
                CommandResult<List<ChatMessage>> asked = client.history(uri, HISTORY_ON_JOIN).get(30, TimeUnit.SECONDS);
                if (asked.isOk() && asked.value() != null) {
                    history = asked.value();
                }
            }
            print(parent.out(), joined, history);
            return ClientCommand.OK;
        });
    }

    /** Joins or fails with exit code 3. */
    static JoinedRoom join(ClientCommand parent, CompletableFuture<CommandResult<Optional<JoinedRoom>>> joining,
            RoomUri uri) throws Exception {
        return parent.await(joining, "join").orElseThrow(
                () -> new ClientCommand.Failure(ClientCommand.REFUSED, "join of " + uri + " returned no room"));
    }

    /** Asks for up to this many; the node gives at most its defaultChatHistory. */
    static final int HISTORY_ON_JOIN = 500;

    static void print(PrintWriter out, JoinedRoom r) {
        print(out, r, r.history());
    }

    static void print(PrintWriter out, JoinedRoom r, List<ChatMessage> history) {
        out.println((r.name() == null ? "(no name)" : r.name()) + "  " + r.uri());
        if (r.description() != null && !r.description().isEmpty()) {
            out.println("description: " + r.description());
        }
        if (r.topic() != null && !r.topic().isEmpty()) {
            out.println("topic: " + r.topic());
        }
        out.println("participants (" + r.participants().size() + "):");
        for (String p : r.participants()) {
            out.println("  " + p + (r.managers().contains(p) ? " (manager)" : ""));
        }
        out.println("history (" + history.size() + "):");
        for (ChatMessage m : history) {
            out.println(ClientCommand.line(m));
        }
        out.flush();
    }
}
