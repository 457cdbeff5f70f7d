package io.pchat.client.cli;

import io.pchat.client.ChatMessage;
import io.pchat.protocol.xccos.RoomUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code history ROOM [-n 30]}: the last messages, one line each, oldest first. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Show the last messages of ROOM.")
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    ClientCommand parent;

    @Parameters(paramLabel = "ROOM", description = "A room name or ma-chan:// URI.")
    String room;

    @Option(names = "-n", defaultValue = "30", description = "How many messages (default ${DEFAULT-VALUE}).")
    int count;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "-n must be at least 1 (got " + count + ")");
        }
        return parent.withClient(client -> {
            RoomUri uri = parent.resolveRoom(client, room);
            print(parent, parent.await(client.history(uri, count), "history"));
            return ClientCommand.OK;
        });
    }

    static void print(ClientCommand parent, List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            parent.out().println(ClientCommand.line(m));
        }
        parent.out().flush();
    }
}
