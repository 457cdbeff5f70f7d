package io.pchat.storage;

/**
 * A change named a room, category or user that does not exist (or no longer does). Nothing was
 * written. The node answers 404 ({@code NO_SUCH_NODE}).
 */
public final class NotFoundException extends StorageException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String what, String id) {
        super(what + " '" + id + "' does not exist");
    }
}
