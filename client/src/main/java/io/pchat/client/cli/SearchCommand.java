package io.pchat.client.cli;

import io.pchat.protocol.xccos.RoomUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code search ROOM TEXT}: chatsrch, in the history format. */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Find messages of ROOM containing TEXT.")
final class SearchCommand implements Callable<Integer> {

    @ParentCommand
    ClientCommand parent;

    @Parameters(index = "0", paramLabel = "ROOM", description = "A room name or ma-chan:// URI.")
    String room;

    @Parameters(index = "1", paramLabel = "TEXT", description = "The text to look for.")
    String text;

    @Override
    public Integer call() {
        return parent.withClient(client -> {
            RoomUri uri = parent.resolveRoom(client, room);
            HistoryCommand.print(parent, parent.await(client.searchChat(uri, text), "search"));
            return ClientCommand.OK;
        });
    }
}
