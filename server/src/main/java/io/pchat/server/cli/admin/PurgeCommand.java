package io.pchat.server.cli.admin;

import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pchat admin purge --room R | --before TIME} (Remove-CsPersistentChatMessage): deletes a
 * room's messages, or every message before a time, and records the purge as a compliance event.
 * It cannot be undone.
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Delete a room's messages, or all messages before a time (recorded for compliance).")
public final class PurgeCommand implements Callable<Integer> {

    @ParentCommand
    AdminSession admin;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--room", paramLabel = "ROOM", description = "Every message of this room.")
        String room;
        @Option(names = "--before", paramLabel = "TIME", description = "Every message before this (2026-11-26 or ISO time).")
        String before;
    }

    @Override
    public Integer call() {
        return admin.run(client -> {
            if (target.room != null) {
                return admin.print(client.post(RoomCommand.path(target.room) + "/purge", null),
                        r -> "purged " + r.json().path("deleted").asInt() + " message(s) of room "
                                + Forms.text(r.json(), "room") + System.lineSeparator());
            }
            return admin.print(client.post("/messages/purge?before=" + AdminClient.segment(target.before), null),
                    r -> "purged " + r.json().path("deleted").asInt() + " message(s) before "
                            + Forms.text(r.json(), "before") + System.lineSeparator());
        });
    }
}
