package io.pchat.client.pool;

import java.util.concurrent.TimeoutException;

import io.pchat.protocol.concurrent.AsyncCause;

/** What made a future of the pool client fail, and how its log lines and errors name it. */
final class Causes {
    private Causes() {
    }

    /** One line: the cause's message, "no answer in time" for a timeout, else its type. */
    static String describe(Throwable e) {
        Throwable t = AsyncCause.of(e);
        if (t instanceof TimeoutException) {
            return "no answer in time";
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
