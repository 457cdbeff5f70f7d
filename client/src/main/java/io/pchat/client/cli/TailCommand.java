package io.pchat.client.cli;

import io.pchat.client.ChatEvent;
import io.pchat.client.ChatEvents;
import io.pchat.client.ChatMessage;
import io.pchat.protocol.xccos.RoomUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tail ROOM}: joins and prints messages as they arrive, until Ctrl-C, {@code --for} seconds
 * or {@code --count} messages. The session is closed (BYE) on every way out, Ctrl-C included.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Join ROOM and print messages as they arrive.")
final class TailCommand implements Callable<Integer> {

    @ParentCommand
    ClientCommand parent;

    @Parameters(paramLabel = "ROOM", description = "A room name or ma-chan:// URI.")
    String room;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Long seconds;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N messages.")
    Integer count;

    @Override
    public Integer call() {
        return parent.withClient(client -> {
            ChatEvents events = client.events();
            RoomUri uri = parent.resolveRoom(client, room);
            JoinCommand.join(parent, client.join(uri), uri);
            Thread hook = new Thread(client::close, "pchat-client-tail-close");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                long deadline = seconds == null ? Long.MAX_VALUE : System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                int seen = 0;
                while ((count == null || seen < count) && System.nanoTime() < deadline) {
                    long wait = Math.min(Duration.ofSeconds(1).toNanos(), deadline - System.nanoTime());
                    Optional<ChatEvent> event = events.poll(Duration.ofNanos(Math.max(0, wait)));
                    if (event.isEmpty()) {
                        continue;
                    }
                    if (event.get() instanceof ChatEvent.MessageReceived received
                            && uri.toString().equalsIgnoreCase(received.message().chanUri())
                            && received.message().msgid() != null) {
                        parent.out().println(ClientCommand.line(ChatMessage.of(received.message())));
                        parent.out().flush();
                        seen++;
                    } else if (event.get() instanceof ChatEvent.Closed closed) {
                        parent.err().println("session ended: " + closed.reason());
                        return ClientCommand.NO_CONNECTION;
                    }
                }
                return ClientCommand.OK;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and closes the client
                }
            }
        });
    }
}
