package io.pchat.server.admin;

import java.util.Objects;
import java.util.Optional;

import io.pchat.server.console.ConsoleSettings;
import io.pchat.storage.config.InvalidConfigurationException;

/**
 * Where the admin HTTP API listens and which bearer token it accepts ({@code admin.*}).
 *
 * <p>Invariants: the port is 0..65535 (0: any free port); a configured token has at least
 * {@value #MIN_TOKEN_LENGTH} characters and no whitespace. Without one, the node reads or
 * generates {@code <data dir>/admin.token} ({@link AdminToken}). A token is always required, so
 * binding to a non-loopback address is allowed (the API is plain HTTP: put it behind TLS there).
 *
 * @param host  the address to bind (default 127.0.0.1)
 * @param port  the TCP port (default {@value #DEFAULT_PORT})
 * @param token   the bearer token, when configured
 * @param console the web console served on the same endpoint
 */
public record AdminSettings(String host, int port, Optional<String> token, ConsoleSettings console) {

    public static final int DEFAULT_PORT = 8080;
    public static final int MIN_TOKEN_LENGTH = 16;

    public AdminSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(console, "console");
        if (host.isBlank()) {
            throw new InvalidConfigurationException("admin.host", "must not be empty");
        }
        if (port < 0 || port > 65_535) {
            throw new InvalidConfigurationException("admin.port", "must be between 0 and 65535, was " + port);
        }
        token = token == null ? Optional.empty() : token.map(String::strip);
        token.ifPresent(t -> {
            if (t.length() < MIN_TOKEN_LENGTH || t.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidConfigurationException("admin.token",
                        "must have at least " + MIN_TOKEN_LENGTH + " characters and no spaces");
            }
        });
    }

    /** 127.0.0.1:8080, token from the data directory, the console served. */
    public static AdminSettings defaults() {
        return new AdminSettings("127.0.0.1", DEFAULT_PORT, Optional.empty(), ConsoleSettings.defaults());
    }

    public AdminSettings withHost(String value) {
        return new AdminSettings(value, port, token, console);
    }

    public AdminSettings withPort(int value) {
        return new AdminSettings(host, value, token, console);
    }

    public AdminSettings withToken(String value) {
        return new AdminSettings(host, port, Optional.ofNullable(value), console);
    }

    public AdminSettings withConsole(ConsoleSettings value) {
        return new AdminSettings(host, port, token, value);
    }
}
