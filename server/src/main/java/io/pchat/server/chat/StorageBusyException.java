package io.pchat.server.chat;

/** The storage executor's queue is full: the work was refused at once and nothing of it ran (503). */
public final class StorageBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageBusyException(int capacity) {
        super("storage executor busy: " + capacity + " tasks already queued");
    }
}
