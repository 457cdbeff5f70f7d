package io.pchat.server.console;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import io.pchat.storage.config.InvalidConfigurationException;

/**
 * The web console's settings ({@code console.*}): whether the admin endpoint serves it, the
 * address browsers reach it at (behind a proxy), and the bounds on its sign-in sessions.
 *
 * <p>Invariants: the public URL, when given, is an absolute http(s) URL ending in {@code /};
 * the idle timeout is 1 minute..1 day and not longer than the lifetime (1 minute..7 days);
 * 1..100,000 sessions; 1..1,000 failed sign-ins per address and minute.
 *
 * @param enabled                 serve {@code /console/} on the admin endpoint
 * @param publicUrl               the console's address as users' browsers reach it; the room
 *                                management URL clients get is this plus {@code #/rooms}
 * @param sessionIdleTimeout      a session unused this long is signed out
 * @param sessionLifetime         a session is signed out this long after sign-in, however used
 * @param maxSessions             sessions held at once; the least recently used goes first
 * @param signInFailuresPerMinute failed sign-ins from one address in a minute before it is refused (429)
 */
public record ConsoleSettings(boolean enabled, Optional<String> publicUrl, Duration sessionIdleTimeout,
        Duration sessionLifetime, int maxSessions, int signInFailuresPerMinute) {

    public ConsoleSettings {
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        Objects.requireNonNull(sessionLifetime, "sessionLifetime");
        publicUrl = publicUrl == null ? Optional.empty() : publicUrl.map(String::strip).filter(s -> !s.isEmpty());
        publicUrl.ifPresent(ConsoleSettings::checkUrl);
        if (sessionIdleTimeout.compareTo(Duration.ofMinutes(1)) < 0 || sessionIdleTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidConfigurationException("console.sessionIdleTimeout", "must be 1m..1d, was " + sessionIdleTimeout);
        }
        if (sessionLifetime.compareTo(Duration.ofMinutes(1)) < 0 || sessionLifetime.compareTo(Duration.ofDays(7)) > 0) {
            throw new InvalidConfigurationException("console.sessionLifetime", "must be 1m..7d, was " + sessionLifetime);
        }
        if (sessionIdleTimeout.compareTo(sessionLifetime) > 0) {
            throw new InvalidConfigurationException("console.sessionIdleTimeout", "must not be longer than"
                    + " console.sessionLifetime (" + sessionLifetime + "), was " + sessionIdleTimeout);
        }
        if (maxSessions < 1 || maxSessions > 100_000) {
            throw new InvalidConfigurationException("console.maxSessions", "must be 1..100000, was " + maxSessions);
        }
        if (signInFailuresPerMinute < 1 || signInFailuresPerMinute > 1_000) {
            throw new InvalidConfigurationException("console.signInFailuresPerMinute", "must be 1..1000, was "
                    + signInFailuresPerMinute);
        }
    }

    /** Served; 30 minutes idle, 12 hours at most, 1,000 sessions, 10 failed sign-ins a minute per address. */
    public static ConsoleSettings defaults() {
        return new ConsoleSettings(true, Optional.empty(), Duration.ofMinutes(30), Duration.ofHours(12), 1_000, 10);
    }

    public ConsoleSettings withEnabled(boolean value) {
        return new ConsoleSettings(value, publicUrl, sessionIdleTimeout, sessionLifetime, maxSessions, signInFailuresPerMinute);
    }

    public ConsoleSettings withPublicUrl(String value) {
        return new ConsoleSettings(enabled, Optional.ofNullable(value), sessionIdleTimeout, sessionLifetime, maxSessions,
                signInFailuresPerMinute);
    }

    public ConsoleSettings withSessions(Duration idle, Duration lifetime, int max) {
        return new ConsoleSettings(enabled, publicUrl, idle, lifetime, max, signInFailuresPerMinute);
    }

    public ConsoleSettings withSignInFailuresPerMinute(int value) {
        return new ConsoleSettings(enabled, publicUrl, sessionIdleTimeout, sessionLifetime, maxSessions, value);
    }

    private static void checkUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("console.publicUrl", "is not a URL: " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || !url.endsWith("/")) {
            throw new InvalidConfigurationException("console.publicUrl", "must be an http or https URL ending in '/'"
                    + " (e.g. https://chat.example.com/console/), was " + url);
        }
    }
}
