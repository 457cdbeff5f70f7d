package io.pchat.client.cli;

import io.pchat.client.RoomSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rooms [criteria]}: chansrch, as a table of name, privacy, users and URI. */
@Command(name = "rooms", mixinStandardHelpOptions = true, description = "List the rooms you can see (matching CRITERIA).")
final class RoomsCommand implements Callable<Integer> {

    @ParentCommand
    ClientCommand parent;

    @Parameters(arity = "0..1", paramLabel = "CRITERIA", defaultValue = "", description = "Text in the room's name.")
    String criteria;

    @picocli.CommandLine.Option(names = "--extended", description = "Match descriptions too.")
    boolean extended;

    @Override
    public Integer call() {
        return parent.withClient(client -> {
            List<RoomSummary> rooms = parent.await(client.searchRooms(criteria, extended), "room search");
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("NAME", "PRIVACY", "USERS", "URI"));
            for (RoomSummary r : rooms) {
                rows.add(List.of(r.name() == null ? "" : r.name(), r.privacy(),
                        r.users() < 0 ? "?" : Integer.toString(r.users()), r.uri()));
            }
            parent.out().print(TextTable.format(rows));
            parent.out().println(rooms.size() + (rooms.size() == 1 ? " room" : " rooms"));
            parent.out().flush();
            return ClientCommand.OK;
        });
    }
}
