package io.pchat.server.cli.admin;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pchat admin user add|enable|disable|password|list|show|remove}: the user directory.
 * Enabling and disabling is for persistent chat (a disabled user's next session is refused).
 * Passwords are stored as digest hashes for the node's realm; {@code --password} without a value
 * asks for it on the terminal.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Users: add, enable, disable, password, list, show, remove.",
        subcommands = {UserCommand.Add.class, UserCommand.Enable.class, UserCommand.Disable.class,
                UserCommand.Password.class, UserCommand.ListAll.class, UserCommand.Show.class, UserCommand.Remove.class})
public final class UserCommand implements Runnable {

    @ParentCommand
    AdminSession admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing sub-command: add, enable, disable, password, list, show or remove");
    }

    static String path(String uri) {
        return "/users/" + AdminClient.segment(uri);
    }

    static String show(JsonNode u) {
        return Forms.lines(new String[][] {
            {"uri", Forms.text(u, "uri")}, {"display name", Forms.text(u, "displayName")},
            {"enabled", Forms.yesNo(u, "enabled")}, {"password", Forms.yesNo(u, "hasPassword")},
            {"created", Forms.text(u, "createdAt")},
        });
    }

    /** A sub-command on one user: URI parameter, parent wiring. */
    abstract static class OnUser implements Callable<Integer> {
        @ParentCommand
        UserCommand parent;
        @Parameters(index = "0", paramLabel = "URI", description = "The user, e.g. sip:alice@example.com.")
        String uri;

        /** PATCHes {@code body} and prints the user. */
        int patch(ObjectNode body) {
            return parent.admin.run(client -> parent.admin.print(client.patch(path(uri), body), r -> show(r.json())));
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user.")
    static final class Add extends OnUser {
        @Option(names = "--display-name", description = "The name clients show for the user.")
        String displayName;
        @Option(names = "--password", arity = "0..1", interactive = true, description = "Set a password (asks when no value).")
        String password;
        @Option(names = "--disabled", description = "Add the user disabled for persistent chat.")
        boolean disabled;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (password != null && password.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--password: an empty password is refused"
                        + " (leave --password out to add the user without one)");
            }
            ObjectNode body = Forms.object().put("uri", uri).put("enabled", !disabled);
            if (displayName != null) {
                body.put("displayName", displayName);
            }
            if (password != null) {
                body.put("password", password);
            }
            return parent.admin.run(client -> parent.admin.print(client.post("/users", body), r -> show(r.json())));
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a user for persistent chat.")
    static final class Enable extends OnUser {
        @Override
        public Integer call() {
            return patch(Forms.object().put("enabled", true));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a user for persistent chat.")
    static final class Disable extends OnUser {
        @Override
        public Integer call() {
            return patch(Forms.object().put("enabled", false));
        }
    }

    @Command(name = "password", mixinStandardHelpOptions = true, description = "Set (or, with an empty one, clear) a password.")
    static final class Password extends OnUser {
        @Option(names = "--password", arity = "0..1", interactive = true, required = true,
                description = "The new password (asks when no value).")
        String password;

        @Override
        public Integer call() {
            return patch(Forms.object().put("password", password == null ? "" : password));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a user.")
    static final class Show extends OnUser {
        @Override
        public Integer call() {
            return parent.admin.run(client -> parent.admin.print(client.get(path(uri)), r -> show(r.json())));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user (their room roles stay).")
    static final class Remove extends OnUser {
        @Override
        public Integer call() {
            return parent.admin.run(client -> parent.admin.print(client.delete(path(uri)),
                    r -> "user " + uri + " removed" + System.lineSeparator()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users, by URI.")
    static final class ListAll implements Callable<Integer> {
        @ParentCommand
        UserCommand parent;
        @Option(names = "--after", paramLabel = "URI", description = "Start after this URI (paging).")
        String after;
        @Option(names = "--limit", defaultValue = "1000", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            String query = "?limit=" + limit + (after == null ? "" : "&after=" + AdminClient.segment(after));
            return parent.admin.run(client -> parent.admin.print(client.get("/users" + query), r -> {
                TextTable table = new TextTable("URI", "DISPLAY NAME", "ENABLED", "PASSWORD");
                for (JsonNode u : r.json().path("users")) {
                    table.row(Forms.text(u, "uri"), Forms.text(u, "displayName"), Forms.yesNo(u, "enabled"),
                            Forms.yesNo(u, "hasPassword"));
                }
                String more = r.json().hasNonNull("next") ? " (more: --after " + Forms.text(r.json(), "next") + ")" : "";
                return table.withCount("user", "users", more);
            }));
        }
    }
}
