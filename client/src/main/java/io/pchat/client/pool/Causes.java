package io.pchat.client.pool;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** What made a future of the pool client fail, and how its log lines and errors name it. */
final class Causes {
    private Causes() {
    }

    /** The cause under the wrappers futures add. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** One line: the cause's message, "no answer in time" for a timeout, else its type. */
    static String describe(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof TimeoutException) {
            return "no answer in time";
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
