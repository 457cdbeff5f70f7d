package io.pchat.client.cli;

import io.pchat.client.ChatEvent;
import io.pchat.client.ChatEvents;
import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.RoomUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code post ROOM TEXT}: joins (a post needs it), posts, and prints {@code posted [msgid]} once
 * the node has stored the message and delivered it back, or the refusal. A {@code 504} (the node
 * could not learn whether the post was stored: docs/client.md) is resolved from the room's
 * history: a message by this user with this text above the room's last msgid before the post (as
 * the join's history gave it) is this post; otherwise it is sent again (at most
 * {@link #ATTEMPTS} times in all).
 */
@Command(name = "post", mixinStandardHelpOptions = true, description = "Post TEXT to ROOM.")
final class PostCommand implements Callable<Integer> {

    @ParentCommand
    ClientCommand parent;

    @Parameters(index = "0", paramLabel = "ROOM", description = "A room name or ma-chan:// URI.")
    String room;

    @Parameters(index = "1", paramLabel = "TEXT", description = "The message.")
    String text;

    @Option(names = "--alert", description = "Post as an alert.")
    boolean alert;

    static final int ATTEMPTS = 3;
    /** How much of the room's newest history is read to find a post whose outcome was unknown. */
    private static final int LOOK_BACK = 200;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (text.isBlank()) {
            throw new ParameterException(spec.commandLine(), "TEXT is empty: there is nothing to post");
        }
        return parent.withClient(client -> {
            ChatEvents events = client.events();
            RoomUri uri = parent.resolveRoom(client, room);
            // the join's history gives the room's last msgid before the post (0 when it came without history)
            long before = JoinCommand.join(parent, client.join(uri), uri).history().stream().mapToLong(m -> m.msgid()).max()
                    .orElse(0);
            PostResult result = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                result = parent.get(alert ? client.postAlert(uri, text) : client.post(uri, text));
                if (result.status() != PostResult.OUTCOME_UNKNOWN) {
                    break;
                }
                Thread.sleep(1_000); // the node that may have stored it is given a moment to finish
                Optional<Long> found = parent.await(client.history(uri, LOOK_BACK), "history").stream()
                        .filter(m -> m.msgid() > before && text.equals(m.text())
                                && client.user().equalsIgnoreCase(String.valueOf(m.author())))
                        .map(m -> m.msgid()).findFirst();
                if (found.isPresent()) {
                    parent.out().println("posted [" + found.get() + "] (the node could not tell: found in the room's history)");
                    parent.out().flush();
                    return ClientCommand.OK;
                }
                parent.err().println("the node could not tell whether the post was stored, and it is not in the room's"
                        + " history: " + (attempt < ATTEMPTS ? "sending it again" : "giving up"));
            }
            if (!result.isStored()) {
                parent.err().println("refused: " + result.status() + " " + result.reason()
                        + (result.retryAfter().isZero() ? "" : " (retry after " + result.retryAfter().toSeconds() + " s)"));
                return ClientCommand.REFUSED;
            }
            // Our own message comes back to our dialog with its msgid, after it was stored.
            Optional<GroupChat> echo = events.next(ChatEvent.MessageReceived.class,
                    e -> uri.toString().equalsIgnoreCase(e.message().chanUri()) && text.equals(e.message().chat())
                            && client.user().equalsIgnoreCase(String.valueOf(e.message().author())),
                    Duration.ofSeconds(parent.timeoutSeconds)).map(ChatEvent.MessageReceived::message);
            parent.out().println(echo.map(m -> "posted [" + m.msgid() + "]").orElse("posted (delivery not seen)"));
            parent.out().flush();
            return ClientCommand.OK;
        });
    }
}
