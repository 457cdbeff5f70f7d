package io.pchat.storage.log;

import io.pchat.storage.StorageException;

/** The log is closed (the node is stopping): the request was refused and nothing of it was stored. */
public final class LogClosedException extends StorageException {
    private static final long serialVersionUID = 1L;

    public LogClosedException() {
        super("message log is closed");
    }
}
