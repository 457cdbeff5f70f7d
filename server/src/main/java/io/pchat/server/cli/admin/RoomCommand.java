package io.pchat.server.cli.admin;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pchat admin room new|set|disable|enable|remove|list|show|member} (New-, Set-, Get-,
 * Remove-CsPersistentChatChatRoom). A room is named by name (any case), id or {@code ma-chan://}
 * URI. On {@code set}, {@code --members/--managers/--presenters} replace the lists; use
 * {@code room member add|remove} to change one principal.
 */
@Command(name = "room", mixinStandardHelpOptions = true,
        description = "Rooms: new, set, disable, enable, remove, list, show, member add|remove.",
        subcommands = {RoomCommand.New.class, RoomCommand.Set.class, RoomCommand.Disable.class, RoomCommand.Enable.class,
                RoomCommand.Remove.class, RoomCommand.ListAll.class, RoomCommand.Show.class, RoomMemberCommand.class})
public final class RoomCommand implements Runnable {

    @ParentCommand
    AdminSession admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing sub-command: new, set, disable, enable, remove, list, show or member");
    }

    static String path(String room) {
        return "/rooms/" + AdminClient.segment(room);
    }

    /** The options new and set share; only those given go into the body. */
    static class Properties {
        @Option(names = "--category", description = "Category name or id (new: default the root).")
        String category;
        @Option(names = "--description", description = "What the room is for (shown in room search).")
        String description;
        @Option(names = "--topic", description = "The room's topic, shown to participants.")
        String topic;
        @Option(names = "--privacy", paramLabel = "open|closed|secret", description = "open: anyone may join; closed:"
                + " members only, others may find it; secret: members only, hidden from search (new rooms: closed).")
        String privacy;
        @Option(names = "--type", paramLabel = "normal|auditorium", description = "Auditorium: only presenters post.")
        String type;
        @Option(names = "--addin", paramLabel = "URL", description = "Add-in URL (empty to remove).")
        String addin;
        @Option(names = "--invitations", paramLabel = "inherit|on|off",
                description = "Whether new members are sent invitations (inherit: as the category says).")
        String invitations;
        @Option(names = "--file-upload", paramLabel = "inherit|on|off",
                description = "Whether participants may upload files (inherit: as the category says).")
        String fileUpload;
        @Option(names = "--logged", paramLabel = "inherit|on|off", description = "Keep chat history.")
        String logged;
        @Option(names = "--members", split = ",", paramLabel = "PRINCIPAL",
                description = "Who may join a closed or secret room: users (sip:a@example.com) or domains (@example.com), comma-separated.")
        List<String> members;
        @Option(names = "--managers", split = ",", paramLabel = "PRINCIPAL",
                description = "Who may change the room and its members: users (sip:a@example.com) or domains (@example.com), comma-separated.")
        List<String> managers;
        @Option(names = "--presenters", split = ",", paramLabel = "PRINCIPAL",
                description = "Who may post in an auditorium: users (sip:a@example.com) or domains (@example.com), comma-separated.")
        List<String> presenters;

        ObjectNode body() {
            ObjectNode b = Forms.object();
            put(b, "category", category);
            put(b, "description", description);
            put(b, "topic", topic);
            put(b, "privacy", privacy);
            put(b, "type", type);
            put(b, "addin", addin);
            put(b, "invitations", invitations);
            put(b, "fileUpload", fileUpload);
            put(b, "logged", logged);
            if (members != null) {
                b.set("members", Forms.array(members));
            }
            if (managers != null) {
                b.set("managers", Forms.array(managers));
            }
            if (presenters != null) {
                b.set("presenters", Forms.array(presenters));
            }
            return b;
        }

        private static void put(ObjectNode b, String field, String value) {
            if (value != null) {
                b.put(field, value);
            }
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true, description = "Create a room.")
    static final class New implements Callable<Integer> {
        @ParentCommand
        RoomCommand parent;
        @Option(names = "--name", required = true, description = "The room's name, unique in the pool.")
        String name;
        @CommandLine.Mixin
        Properties properties;

        @Override
        public Integer call() {
            return parent.admin.run(client -> parent.admin.print(
                    client.post("/rooms", properties.body().put("name", name)), r -> Forms.room(r.json())));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change a room.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        RoomCommand parent;
        @Parameters(paramLabel = "ROOM", description = "Name, id or ma-chan:// URI.")
        String room;
        @Option(names = "--name", description = "A new name.")
        String name;
        @CommandLine.Mixin
        Properties properties;

        @Override
        public Integer call() {
            ObjectNode body = properties.body();
            if (name != null) {
                body.put("name", name);
            }
            return parent.admin.run(client -> parent.admin.print(client.patch(path(room), body), r -> Forms.room(r.json())));
        }
    }

    /** disable and enable: a PATCH of the disabled flag. */
    abstract static class Toggle implements Callable<Integer> {
        @ParentCommand
        RoomCommand parent;
        @Parameters(paramLabel = "ROOM", description = "Name, id or ma-chan:// URI.")
        String room;

        abstract boolean disabled();

        @Override
        public Integer call() {
            ObjectNode body = Forms.object().put("disabled", disabled());
            return parent.admin.run(client -> parent.admin.print(client.patch(path(room), body),
                    r -> "room " + Forms.text(r.json(), "name") + (disabled() ? " disabled" : " enabled")
                            + System.lineSeparator()));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a room (no joins, no posts).")
    static final class Disable extends Toggle {
        @Override
        boolean disabled() {
            return true;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled room.")
    static final class Enable extends Toggle {
        @Override
        boolean disabled() {
            return false;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Delete a room (its messages stay for compliance until purged).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        RoomCommand parent;
        @Parameters(paramLabel = "ROOM", description = "Name, id or ma-chan:// URI.")
        String room;

        @Override
        public Integer call() {
            return parent.admin.run(client -> parent.admin.print(client.delete(path(room)),
                    r -> "room " + room + " removed" + System.lineSeparator()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List rooms.")
    static final class ListAll implements Callable<Integer> {
        @ParentCommand
        RoomCommand parent;
        @Option(names = "--category", description = "Only this category's rooms.")
        String category;

        @Override
        public Integer call() {
            String query = category == null ? "" : "?category=" + AdminClient.segment(category);
            return parent.admin.run(client -> parent.admin.print(client.get("/rooms" + query), r -> {
                TextTable table = new TextTable("NAME", "CATEGORY", "PRIVACY", "TYPE", "DISABLED", "JOINED", "ID");
                for (JsonNode room : r.json().path("rooms")) {
                    table.row(Forms.text(room, "name"), Forms.text(room, "category"), Forms.text(room, "privacy"),
                            Forms.text(room, "type"), Forms.yesNo(room, "disabled"), Forms.text(room, "joinedHere"),
                            Forms.text(room, "id"));
                }
                return table.withCount("room", "rooms", "");
            }));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one room with its roles.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        RoomCommand parent;
        @Parameters(paramLabel = "ROOM", description = "Name, id or ma-chan:// URI.")
        String room;

        @Override
        public Integer call() {
            return parent.admin.run(client -> parent.admin.print(client.get(path(room)), r -> Forms.room(r.json())));
        }
    }
}
