package io.pchat.client;

import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The RFC 4028 session timer, refresher side: an UPDATE at half the interval the node last
 * granted. A 481 or 408 answer means the node has forgotten the dialog, so the connection is
 * closed; no answer at all is retried at a quarter of the interval.
 *
 * <p>Invariants: confined to the connection's event loop; at most one refresh is scheduled; after
 * {@link #stop()} none is.
 */
final class SessionRefresh {

    private static final Logger log = LoggerFactory.getLogger(SessionRefresh.class);
    /** Never refresh more often than this, whatever a node grants. */
    private static final long MIN_DELAY_MILLIS = 500;

    private final SipConnection connection;
    private final ClientDialog dialog;
    private final long askedSeconds;
    private final Duration answerTimeout;
    private long grantedSeconds;
    private ScheduledFuture<?> next;
    private boolean stopped;

    SessionRefresh(SipConnection connection, ClientDialog dialog, long askedSeconds, long grantedSeconds,
            Duration answerTimeout) {
        this.connection = connection;
        this.dialog = dialog;
        this.askedSeconds = askedSeconds;
        this.grantedSeconds = grantedSeconds;
        this.answerTimeout = answerTimeout;
    }

    void start() {
        schedule(grantedSeconds * 500);
    }

    void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    private void schedule(long delayMillis) {
        if (!stopped) {
            next = connection.eventLoop().schedule(this::refresh, Math.max(MIN_DELAY_MILLIS, delayMillis), TimeUnit.MILLISECONDS);
        }
    }

    private void refresh() {
        if (stopped) {
            return;
        }
        connection.send(dialog.update(askedSeconds), answerTimeout).whenComplete((response, error) -> {
            if (error != null) {
                if (!(error instanceof ConnectionLostException)) {
                    log.warn("session refresh got no answer: {}", error.toString());
                    schedule(grantedSeconds * 250);
                }
                return;
            }
            int status = response.getStatusCode();
            if (status == 481 || status == 408) {
                connection.close("session refresh answered " + status);
                return;
            }
            if (status / 100 == 2) {
                grantedSeconds = SessionSetup.sessionExpires(response).orElse(grantedSeconds);
            }
            schedule(grantedSeconds * 500);
        });
    }
}
