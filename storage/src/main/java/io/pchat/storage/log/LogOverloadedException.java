package io.pchat.storage.log;

import io.pchat.storage.StorageException;

/**
 * The log's append queue is full: the append was refused at once and nothing of it was stored.
 * The node answers 503 and the client retries later.
 */
public final class LogOverloadedException extends StorageException {
    private static final long serialVersionUID = 1L;

    public LogOverloadedException(int capacity) {
        super("message log overloaded: " + capacity + " appends already queued");
    }
}
