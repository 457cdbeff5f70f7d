package io.pchat.server.sip;

/**
 * The RFC 4028 session timer of one dialog, with the client as refresher: the dialog expires when
 * no refresh (UPDATE or re-INVITE) arrives within the granted interval. The node waits the full
 * interval (RFC 4028 section 10 allows ending earlier; being late is the liberal choice).
 *
 * <p>Invariant: {@code deadline = last refresh + interval}, on the ticker's nanosecond scale.
 * Confined to the dialog's event loop; the per-connection sweep polls {@link #expired}.
 */
final class SessionTimer {

    private int intervalSeconds;
    private long deadlineNanos;

    SessionTimer(int intervalSeconds, long nowNanos) {
        restart(intervalSeconds, nowNanos);
    }

    /** A refresh: the interval (possibly renegotiated) runs again from now. */
    void restart(int intervalSeconds, long nowNanos) {
        this.intervalSeconds = intervalSeconds;
        this.deadlineNanos = nowNanos + intervalSeconds * 1_000_000_000L;
    }

    int intervalSeconds() {
        return intervalSeconds;
    }

    boolean expired(long nowNanos) {
        return nowNanos - deadlineNanos > 0;
    }

    /**
     * The interval to grant for a request asking {@code requested} seconds (0 when it asked for
     * nothing): the configured value, or less if the client asked for less, but never below
     * RFC 4028's Min-SE of 90 s (a smaller request is raised, not refused with 422).
     */
    static int grant(int requested, int configured) {
        if (requested <= 0) {
            return configured;
        }
        return Math.max(SessionSettings.MIN_SESSION_EXPIRES_SECONDS, Math.min(requested, configured));
    }
}
