package io.pchat.storage;

/**
 * The database endpoint could not be reached, lost the connection mid-work, or refused the work
 * for now (lock or query timeout, deadlock victim). Nothing of the failed operation was
 * committed; callers answer 503 and the client retries.
 */
public class StorageUnavailableException extends StorageException {
    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
