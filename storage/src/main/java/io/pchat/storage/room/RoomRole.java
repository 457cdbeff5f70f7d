package io.pchat.storage.room;

/** A role on a room. A manager is always a member too (the store keeps both). */
public enum RoomRole {
    MEMBER,
    MANAGER,
    PRESENTER
}
