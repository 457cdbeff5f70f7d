package io.pchat.storage;

/**
 * A name that must be unique (case-insensitively) is already taken: a room or category name, or
 * a user URI. Nothing was written. The node answers 409 ({@code DUPLICATE_ROOM_NAME}).
 */
public final class DuplicateNameException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final String name;

    public DuplicateNameException(String what, String name) {
        super(what + " '" + name + "' already exists");
        this.name = name;
    }

    /** The name as the caller gave it. */
    public String name() {
        return name;
    }
}
