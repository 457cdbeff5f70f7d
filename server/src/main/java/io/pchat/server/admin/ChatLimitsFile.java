package io.pchat.server.admin;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pchat.server.chat.ChatSettings;
import io.pchat.server.node.NodeConfig.ChatLimits;
import io.pchat.storage.config.InvalidConfigurationException;

/**
 * The persistent chat limits set through the admin API ({@code PATCH /config/chat}), saved as
 * {@code <data dir>/chat-limits.json}. The command layer takes its limits once, at start, so a
 * change applies at the node's next start, where this file overrides the configuration's
 * {@code chat.*} values (the start logs that it does). Delete the file to go back to the
 * configuration.
 *
 * <p>Invariant: the file only ever holds limits that {@link ChatSettings} accepts; it is
 * replaced atomically (written aside, then moved).
 */
public final class ChatLimitsFile {
    private static final Logger log = LoggerFactory.getLogger(ChatLimitsFile.class);
    public static final String FILE_NAME = "chat-limits.json";
    static final String[] FIELDS = {"defaultChatHistory", "messageSizeLimit", "storySizeLimit", "searchLimit",
        "participantUpdateLimit", "fileSizeLimitKb", "fileTokenLifetimeSeconds"};

    private ChatLimitsFile() {
    }

    /** The saved limits if there are any, else {@code configured}. */
    public static ChatLimits readOr(Path dataDirectory, ChatLimits configured) {
        Path file = dataDirectory.resolve(FILE_NAME);
        Optional<ChatLimits> saved;
        try {
            saved = read(dataDirectory);
        } catch (AdminException | IOException e) {
            throw new InvalidConfigurationException(FILE_NAME, file + " cannot be used (" + e.getMessage()
                    + "): fix or delete it");
        }
        saved.filter(s -> !s.equals(configured))
                .ifPresent(s -> log.info("chat limits saved by the admin API in {} override the configuration", file));
        return saved.orElse(configured);
    }

    static Optional<ChatLimits> read(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonBody body = JsonBody.parse(Files.readAllBytes(file)).allowOnly(FIELDS);
        return Optional.of(merge(body, ChatLimits.defaults()));
    }

    static void write(Path dataDirectory, ChatLimits limits) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        Path aside = dataDirectory.resolve(FILE_NAME + ".new");
        Files.write(aside, AdminJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json(limits)));
        Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static ObjectNode json(ChatLimits l) {
        return AdminJson.object().put("defaultChatHistory", l.defaultChatHistory())
                .put("messageSizeLimit", l.messageSizeLimit()).put("storySizeLimit", l.storySizeLimit())
                .put("searchLimit", l.searchLimit()).put("participantUpdateLimit", l.participantUpdateLimit())
                .put("fileSizeLimitKb", l.fileSizeLimitKb())
                .put("fileTokenLifetimeSeconds", l.fileTokenLifetime().toSeconds());
    }

    /** {@code base} with the fields the body gives, checked by the same rules as the configuration. */
    static ChatLimits merge(JsonBody body, ChatLimits base) {
        ChatLimits l = new ChatLimits(body.optInt("defaultChatHistory").orElse(base.defaultChatHistory()),
                body.optInt("messageSizeLimit").orElse(base.messageSizeLimit()),
                body.optInt("storySizeLimit").orElse(base.storySizeLimit()),
                body.optInt("searchLimit").orElse(base.searchLimit()),
                body.optInt("participantUpdateLimit").orElse(base.participantUpdateLimit()),
                body.optInt("fileSizeLimitKb").orElse(base.fileSizeLimitKb()),
                body.optInt("fileTokenLifetimeSeconds").map(s -> Duration.ofSeconds(s)).orElse(base.fileTokenLifetime()));
        try {
            ChatSettings.builder(URI.create("http://localhost/files")).defaultChatHistory(l.defaultChatHistory())
                    .messageSizeLimit(l.messageSizeLimit()).storySizeLimit(l.storySizeLimit()).searchLimit(l.searchLimit())
                    .participantUpdateLimit(l.participantUpdateLimit()).fileSizeLimitKb(l.fileSizeLimitKb())
                    .fileTokenLifetime(l.fileTokenLifetime()).build();
        } catch (IllegalArgumentException e) {
            // "chat.searchLimit: must be between 1 and 10000, was 0"
            String message = e.getMessage().startsWith("chat.") ? e.getMessage().substring("chat.".length()) : e.getMessage();
            int colon = message.indexOf(':');
            String field = colon < 0 ? "" : message.substring(0, colon);
            if ("fileTokenLifetime".equals(field)) {
                field = "fileTokenLifetimeSeconds";
            }
            throw AdminException.badRequest(colon < 0 ? message : "field '" + field + "'" + message.substring(colon));
        }
        return l;
    }
}
