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
 * {@code pchat admin category new|set|list|show|remove} (New-, Set-, Get-,
 * Remove-CsPersistentChatCategory). Principal lists are comma-separated users
 * ({@code sip:a@x}) or domains ({@code @x}); on {@code set}, a list given replaces the stored one.
 */
@Command(name = "category", mixinStandardHelpOptions = true, description = "Categories: new, set, list, show, remove.",
        subcommands = {CategoryCommand.New.class, CategoryCommand.Set.class, CategoryCommand.ListAll.class,
                CategoryCommand.Show.class, CategoryCommand.Remove.class})
public final class CategoryCommand implements Runnable {

    @ParentCommand
    AdminSession admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command: new, set, list, show or remove");
    }

    /** The options new and set share. */
    static class Settings {
        @Option(names = "--description")
        String description;
        @Option(names = "--invitations", paramLabel = "on|off", description = "Default for the rooms: invite new members.")
        String invitations;
        @Option(names = "--file-upload", paramLabel = "on|off", description = "Default for the rooms: files may be posted.")
        String fileUpload;
        @Option(names = "--logged", paramLabel = "on|off", description = "Default for the rooms: chat history is kept.")
        String logged;
        @Option(names = "--allowed-members", split = ",", paramLabel = "PRINCIPAL", description = "Who is in scope (empty list: everyone).")
        List<String> allowed;
        @Option(names = "--denied-members", split = ",", paramLabel = "PRINCIPAL", description = "Who never is.")
        List<String> denied;
        @Option(names = "--creators", split = ",", paramLabel = "PRINCIPAL", description = "Who may create rooms here.")
        List<String> creators;

        ObjectNode body() throws AdminFailure {
            ObjectNode b = Forms.object();
            if (description != null) {
                b.put("description", description);
            }
            if (invitations != null) {
                b.put("invitations", Forms.onOff("--invitations", invitations));
            }
            if (fileUpload != null) {
                b.put("fileUpload", Forms.onOff("--file-upload", fileUpload));
            }
            if (logged != null) {
                b.put("logged", Forms.onOff("--logged", logged));
            }
            if (allowed != null) {
                b.set("allowed", Forms.array(allowed));
            }
            if (denied != null) {
                b.set("denied", Forms.array(denied));
            }
            if (creators != null) {
                b.set("creators", Forms.array(creators));
            }
            return b;
        }
    }

    static String show(JsonNode c) {
        return Forms.lines(new String[][] {
            {"name", Forms.text(c, "name")}, {"id", Forms.text(c, "id")}, {"uri", Forms.text(c, "uri")},
            {"root", Forms.yesNo(c, "root")}, {"description", Forms.text(c, "description")},
            {"invitations", Forms.yesNo(c, "invitations")}, {"file upload", Forms.yesNo(c, "fileUpload")},
            {"logged", Forms.yesNo(c, "logged")}, {"allowed members", Forms.list(c, "allowed")},
            {"denied members", Forms.list(c, "denied")}, {"creators", Forms.list(c, "creators")},
        });
    }

    @Command(name = "new", mixinStandardHelpOptions = true, description = "Create a category.")
    static final class New implements Callable<Integer> {
        @ParentCommand
        CategoryCommand parent;
        @Option(names = "--name", required = true)
        String name;
        @CommandLine.Mixin
        Settings settings;

        @Override
        public Integer call() {
            return parent.admin.run(client -> {
                ObjectNode body = settings.body().put("name", name);
                return parent.admin.print(client.post("/categories", body), r -> show(r.json()));
            });
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change a category.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        CategoryCommand parent;
        @Parameters(paramLabel = "CATEGORY", description = "Name or id.")
        String category;
        @Option(names = "--name", description = "A new name.")
        String name;
        @CommandLine.Mixin
        Settings settings;

        @Override
        public Integer call() {
            return parent.admin.run(client -> {
                ObjectNode body = settings.body();
                if (name != null) {
                    body.put("name", name);
                }
                return parent.admin.print(client.patch("/categories/" + AdminClient.segment(category), body),
                        r -> show(r.json()));
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the categories.")
    static final class ListAll implements Callable<Integer> {
        @ParentCommand
        CategoryCommand parent;

        @Override
        public Integer call() {
            return parent.admin.run(client -> parent.admin.print(client.get("/categories"), r -> {
                TextTable table = new TextTable("NAME", "ALLOWED", "DENIED", "CREATORS", "INVITE", "FILES", "LOGGED", "ID");
                for (JsonNode c : r.json().path("categories")) {
                    table.row(Forms.text(c, "name") + (c.path("root").asBoolean() ? " (root)" : ""),
                            Forms.list(c, "allowed"), Forms.list(c, "denied"), Forms.list(c, "creators"),
                            Forms.yesNo(c, "invitations"), Forms.yesNo(c, "fileUpload"), Forms.yesNo(c, "logged"),
                            Forms.text(c, "id"));
                }
                return table.withCount("category", "categories", "");
            }));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one category.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        CategoryCommand parent;
        @Parameters(paramLabel = "CATEGORY", description = "Name or id.")
        String category;

        @Override
        public Integer call() {
            return parent.admin.run(client -> parent.admin.print(
                    client.get("/categories/" + AdminClient.segment(category)), r -> show(r.json())));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete an empty category.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        CategoryCommand parent;
        @Parameters(paramLabel = "CATEGORY", description = "Name or id.")
        String category;

        @Override
        public Integer call() {
            return parent.admin.run(client -> parent.admin.print(
                    client.delete("/categories/" + AdminClient.segment(category)),
                    r -> "category " + category + " removed" + System.lineSeparator()));
        }
    }
}
