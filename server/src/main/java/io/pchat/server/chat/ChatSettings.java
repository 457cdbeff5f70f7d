package io.pchat.server.chat;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The command layer's settings ({@code chat.*} in the node's configuration), validated once:
 * an instance always holds usable values, and every error names its key.
 *
 * @param domain                 the SIP domain of room and category URIs ({@code ma-chan://<domain>/..})
 * @param serverDisplayName      {@code displayName} of {@code rpl:getserverinfo}
 * @param roomManagementUrl      {@code roomManagementUrl} of {@code rpl:getserverinfo}
 * @param defaultChatHistory     most messages one {@code bccontext} returns (1..500)
 * @param messageSizeLimit       most UTF-8 bytes of a chat message's text
 * @param storySizeLimit         most UTF-8 bytes of a story's text
 * @param searchLimit            most rooms a search or listing returns
 * @param participantUpdateLimit above this many joined dialogs a room sends no join/part notices
 * @param fileSizeLimitKb        largest file the file server takes
 * @param fileTokenLifetime      how long a file token is honoured
 * @param fileServerUri          the node's file server ({@code serveruri} of {@code rpl:getftok})
 */
public record ChatSettings(String domain, String serverDisplayName, String roomManagementUrl, int defaultChatHistory,
        int messageSizeLimit, int storySizeLimit, int searchLimit, int participantUpdateLimit, int fileSizeLimitKb,
        Duration fileTokenLifetime, URI fileServerUri) {

    public ChatSettings {
        domain = require("domain", domain).strip();
        if (domain.isEmpty() || domain.contains("/") || domain.chars().anyMatch(Character::isWhitespace)) {
            throw invalid("domain", "must be a domain name, was '" + domain + "'");
        }
        require("serverDisplayName", serverDisplayName);
        require("roomManagementUrl", roomManagementUrl);
        range("defaultChatHistory", defaultChatHistory, 1, 500);
        range("messageSizeLimit", messageSizeLimit, 1, 1 << 20);
        range("storySizeLimit", storySizeLimit, 1, 1 << 20);
        range("searchLimit", searchLimit, 1, 10_000);
        range("participantUpdateLimit", participantUpdateLimit, 0, Integer.MAX_VALUE);
        range("fileSizeLimitKb", fileSizeLimitKb, 1, Integer.MAX_VALUE);
        require("fileTokenLifetime", fileTokenLifetime);
        if (fileTokenLifetime.isNegative() || fileTokenLifetime.isZero()) {
            throw invalid("fileTokenLifetime", "must be positive, was " + fileTokenLifetime);
        }
        require("fileServerUri", fileServerUri);
        if (!fileServerUri.isAbsolute() || fileServerUri.getHost() == null) {
            throw invalid("fileServerUri", "must be an absolute URI with a host, was " + fileServerUri);
        }
    }

    /** The defaults, with the file server the node runs at {@code fileServerUri}. */
    public static Builder builder(URI fileServerUri) {
        return new Builder(fileServerUri);
    }

    public Builder toBuilder() {
        return new Builder(fileServerUri).domain(domain).serverDisplayName(serverDisplayName)
                .roomManagementUrl(roomManagementUrl).defaultChatHistory(defaultChatHistory)
                .messageSizeLimit(messageSizeLimit).storySizeLimit(storySizeLimit).searchLimit(searchLimit)
                .participantUpdateLimit(participantUpdateLimit).fileSizeLimitKb(fileSizeLimitKb)
                .fileTokenLifetime(fileTokenLifetime);
    }

    private static <T> T require(String key, T value) {
        if (value == null) {
            throw invalid(key, "is required");
        }
        return value;
    }

    private static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(key, "must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException("chat." + key + ": " + problem);
    }

    /** Collects settings from their defaults; {@link #build()} validates them. */
    public static final class Builder {
        private String domain = "example.com";
        private String serverDisplayName = "pchat";
        private String roomManagementUrl = "";
        private int defaultChatHistory = 30;
        private int messageSizeLimit = 512;
        private int storySizeLimit = 4096;
        private int searchLimit = 999;
        private int participantUpdateLimit = 75;
        private int fileSizeLimitKb = 20_000;
        private Duration fileTokenLifetime = Duration.ofMinutes(5);
        private URI fileServerUri;

        private Builder(URI fileServerUri) {
            this.fileServerUri = Objects.requireNonNull(fileServerUri, "fileServerUri");
        }

        public Builder domain(String v) { domain = v; return this; }
        public Builder serverDisplayName(String v) { serverDisplayName = v; return this; }
        public Builder roomManagementUrl(String v) { roomManagementUrl = v; return this; }
        public Builder defaultChatHistory(int v) { defaultChatHistory = v; return this; }
        public Builder messageSizeLimit(int v) { messageSizeLimit = v; return this; }
        public Builder storySizeLimit(int v) { storySizeLimit = v; return this; }
        public Builder searchLimit(int v) { searchLimit = v; return this; }
        public Builder participantUpdateLimit(int v) { participantUpdateLimit = v; return this; }
        public Builder fileSizeLimitKb(int v) { fileSizeLimitKb = v; return this; }
        public Builder fileTokenLifetime(Duration v) { fileTokenLifetime = v; return this; }
        public Builder fileServerUri(URI v) { fileServerUri = v; return this; }

        public ChatSettings build() {
            return new ChatSettings(domain, serverDisplayName, roomManagementUrl, defaultChatHistory,
                    messageSizeLimit, storySizeLimit, searchLimit, participantUpdateLimit, fileSizeLimitKb,
                    fileTokenLifetime, fileServerUri);
        }
    }
}
