package io.pchat.storage;

/**
 * A write whose outcome is not known: its commit was sent but the answer was lost (the database
 * or the node that made it stopped answering), so it may have been stored. Unlike
 * {@link StorageUnavailableException} (nothing was stored) the caller must not say "refused":
 * a post is answered {@code 504} and the client looks for it in the room's history before
 * sending it again.
 */
public class OutcomeUnknownException extends StorageException {
    private static final long serialVersionUID = 1L;

    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
