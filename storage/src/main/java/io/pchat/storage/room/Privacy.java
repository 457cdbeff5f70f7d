package io.pchat.storage.room;

/** Who may see and join a room (docs/storage.md "Access rules"); new rooms are {@link #CLOSED}. */
public enum Privacy {
    /** Visible to and joinable by everyone in the category's scope. */
    OPEN,
    /** Visible to everyone in scope, joinable by members only. */
    CLOSED,
    /** Visible to and joinable by members only. */
    SECRET
}
