package io.pchat.server.cli.admin;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pchat admin room member add|remove ROOM PRINCIPAL... [--role member|manager|presenter]}:
 * gives or takes one role from users or domains, leaving the rest of the room's lists as they are.
 * A new member of a room with invitations on is invited at once.
 */
@Command(name = "member", mixinStandardHelpOptions = true, description = "Add or remove members, managers, presenters.",
        subcommands = {RoomMemberCommand.Add.class, RoomMemberCommand.Remove.class})
public final class RoomMemberCommand implements Runnable {

    @ParentCommand
    RoomCommand room;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command: add or remove");
    }

    /** add and remove: the room, the principals, the role. */
    abstract static class Change implements Callable<Integer> {
        @ParentCommand
        RoomMemberCommand parent;
        @Parameters(index = "0", paramLabel = "ROOM", description = "Name, id or ma-chan:// URI.")
        String roomName;
        @Parameters(index = "1..*", arity = "1..*", split = ",", paramLabel = "PRINCIPAL",
                description = "Users (sip:a@example.com) or domains (@example.com).")
        List<String> principals;
        @Option(names = "--role", defaultValue = "member", paramLabel = "member|manager|presenter",
                description = "The role (default ${DEFAULT-VALUE}).")
        String role;

        abstract String operation();

        @Override
        public Integer call() {
            AdminSession admin = parent.room.admin;
            return admin.run(client -> {
                String list = role.strip().toLowerCase(Locale.ROOT) + "s";
                if (!List.of("members", "managers", "presenters").contains(list)) {
                    throw new AdminFailure(AdminExit.USAGE, "--role must be member, manager or presenter, was '" + role + "'");
                }
                ObjectNode changes = Forms.object();
                changes.set(list, Forms.array(principals));
                ObjectNode body = Forms.object();
                body.set(operation(), changes);
                return admin.print(client.patch(RoomCommand.path(roomName) + "/roles", body),
                        r -> r.json().path("changed").asInt() + " change(s)" + System.lineSeparator()
                                + Forms.room(r.json()));
            });
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Give principals a role on a room.")
    static final class Add extends Change {
        @Override
        String operation() {
            return "add";
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Take a role from principals.")
    static final class Remove extends Change {
        @Override
        String operation() {
            return "remove";
        }
    }
}
