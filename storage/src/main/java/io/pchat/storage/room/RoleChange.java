package io.pchat.storage.room;

import java.util.Optional;

import io.pchat.storage.invitation.Invitation;

/**
 * What {@link RoomStore#addRole} did.
 *
 * @param added      false when the principal already held the role (nothing changed)
 * @param invitation the invitation created for a user who became a member of a room whose
 *                   effective invitations setting is on: the node pushes it as {@code ntc:inv}
 */
public record RoleChange(boolean added, Optional<Invitation> invitation) {
    static final RoleChange UNCHANGED = new RoleChange(false, Optional.empty());
}
