package io.pchat.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Failed console sign-ins per key (a remote address, or an account: {@code "account sip:..."}),
 * so a password or the admin token cannot be guessed at the speed of the network. A good sign-in
 * clears nothing (or a guesser could clear their count with an account of their own). Invariants:
 * a key with {@code limit} failures within a minute of its first is refused until that minute ends; at most {@value #MAX_ADDRESSES}
 * addresses are tracked (when full, expired windows go, then the oldest), so a spray of addresses costs
 * bounded memory. Time comes from the injected clock. Thread-safe.
 */
public final class SignInThrottle {
    static final int MAX_ADDRESSES = 10_000;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private record Window(Instant start, int failures) {
    }

    private final Clock clock;
    private final int limit;
    private final Map<String, Window> windows = new LinkedHashMap<>();

    public SignInThrottle(Clock clock, int limit) {
        this.clock = clock;
        this.limit = limit;
    }

    /** Seconds until {@code address} may try again; 0 when it may now. */
    public synchronized long refusedForSeconds(String address) {
        Window w = current(address, clock.instant());
        if (w == null || w.failures() < limit) {
            return 0;
        }
        return Math.max(1, Duration.between(clock.instant(), w.start().plus(WINDOW)).toSeconds());
    }

    public synchronized void failed(String address) {
        Instant now = clock.instant();
        Window w = current(address, now);
        if (w == null && windows.size() >= MAX_ADDRESSES) {
            windows.values().removeIf(x -> !now.isBefore(x.start().plus(WINDOW)));
            if (windows.size() >= MAX_ADDRESSES) {
                Iterator<String> any = windows.keySet().iterator();
                any.next();
                any.remove();
            }
        }
        windows.put(address, w == null ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
    }

    synchronized int tracked() {
        return windows.size();
    }

    private Window current(String address, Instant now) {
        Window w = windows.get(address);
        if (w != null && !now.isBefore(w.start().plus(WINDOW))) {
            windows.remove(address);
            return null;
        }
        return w;
    }
}
