package io.pchat.storage.room;

/**
 * A role on a room. A manager is always a member too (the store keeps both rows). A presenter is
 * not made a member: in a closed or secret auditorium, make presenters members as well.
 */
public enum RoomRole {
    MEMBER,
    MANAGER,
    PRESENTER
}
