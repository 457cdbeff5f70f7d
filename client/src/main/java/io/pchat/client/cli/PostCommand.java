package io.pchat.client.cli;

import io.pchat.client.ChatEvent;
import io.pchat.client.ChatEvents;
import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.RoomUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code post ROOM TEXT}: joins (a post needs it), posts, and prints {@code posted [msgid]} once
 * the node has stored the message and delivered it back, or the refusal.
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

    @Override
    public Integer call() {
        return parent.withClient(client -> {
            ChatEvents events = client.events();
            RoomUri uri = parent.resolveRoom(client, room);
            JoinCommand.join(parent, client.join(uri), uri);
            PostResult result = parent.get(alert ? client.postAlert(uri, text) : client.post(uri, text));
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
