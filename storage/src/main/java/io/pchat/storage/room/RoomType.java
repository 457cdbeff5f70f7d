package io.pchat.storage.room;

/** Who may post in a room; new rooms are {@link #NORMAL}. */
public enum RoomType {
    /** Everyone who may join may post. */
    NORMAL,
    /** Only presenters post; the others listen. */
    AUDITORIUM
}
