package io.pchat.protocol.concurrent;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The failure a future reports, without the {@link CompletionException} or {@link ExecutionException} wrapped around it. */
public final class AsyncCause {
    private AsyncCause() {
    }

    /** {@code error} with its completion and execution wrappers taken off (a wrapper without a cause stays). */
    public static Throwable of(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
