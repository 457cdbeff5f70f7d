package io.pchat.server.cli.admin;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pchat admin config show|set} (Get-/Set-CsPersistentChatConfiguration): the chat limits.
 * The node takes them at start: {@code set} saves them and they apply at the next start; both
 * commands show the running and the saved values.
 */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Persistent chat configuration: show, set.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Set.class})
public final class ConfigCommand implements Runnable {

    @ParentCommand
    AdminSession admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command: show or set");
    }

    static String table(JsonNode form) {
        TextTable table = new TextTable("SETTING", "RUNNING", "SAVED");
        JsonNode saved = form.path("saved");
        for (Iterator<Map.Entry<String, JsonNode>> it = form.path("running").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            table.row(e.getKey(), e.getValue().asText(), saved.path(e.getKey()).asText());
        }
        String note = form.path("restartRequired").asBoolean() ? "saved values apply at the next start" : "running = saved";
        return table + note + System.lineSeparator();
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the chat limits.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Override
        public Integer call() {
            return parent.admin.run(client -> parent.admin.print(client.get("/config/chat"), r -> table(r.json())));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change chat limits (applies at the next start).")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;
        @Option(names = "--default-chat-history", description = "Messages given on join and per history request (1..500).")
        Integer defaultChatHistory;
        @Option(names = "--message-size-limit", description = "Most UTF-8 bytes of a message.")
        Integer messageSizeLimit;
        @Option(names = "--story-size-limit", description = "Most UTF-8 bytes of a story.")
        Integer storySizeLimit;
        @Option(names = "--search-limit", description = "Most rooms a search returns.")
        Integer searchLimit;
        @Option(names = "--participant-update-limit", description = "Above this many participants, no join/leave notices.")
        Integer participantUpdateLimit;
        @Option(names = "--file-size-limit-kb", description = "Largest file posted.")
        Integer fileSizeLimitKb;
        @Option(names = "--file-token-lifetime-seconds", description = "How long a file token is honoured.")
        Integer fileTokenLifetimeSeconds;

        @Override
        public Integer call() {
            ObjectNode body = Forms.object();
            put(body, "defaultChatHistory", defaultChatHistory);
            put(body, "messageSizeLimit", messageSizeLimit);
            put(body, "storySizeLimit", storySizeLimit);
            put(body, "searchLimit", searchLimit);
            put(body, "participantUpdateLimit", participantUpdateLimit);
            put(body, "fileSizeLimitKb", fileSizeLimitKb);
            put(body, "fileTokenLifetimeSeconds", fileTokenLifetimeSeconds);
            return parent.admin.run(client -> {
                if (body.isEmpty()) {
                    throw new AdminFailure(AdminExit.USAGE, "nothing to set: give at least one option (--help lists them)");
                }
                return parent.admin.print(client.patch("/config/chat", body), r -> table(r.json()));
            });
        }

        private static void put(ObjectNode body, String field, Integer value) {
            if (value != null) {
                body.put(field, value);
            }
        }
    }
}
