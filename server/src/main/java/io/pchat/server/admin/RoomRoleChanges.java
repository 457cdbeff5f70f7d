package io.pchat.server.admin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.pchat.server.chat.ChatService;
import io.pchat.storage.ChatStore;
import io.pchat.storage.invitation.Invitation;
import io.pchat.storage.room.RoleChange;
import io.pchat.storage.room.RoomRole;
import io.pchat.storage.room.RoomRoles;

/**
 * Role changes on one room, validated before anything is written, applied one principal at a
 * time through the room store (which keeps "a manager is a member" and creates invitations),
 * then announced: every invitation is pushed ({@code ntc:inv}) to the invited user's dialogs.
 * The caller tells the command layer that the room changed.
 *
 * <p>Replacing a list ({@link #replace}) removes who is not in it and adds who is new. Managers
 * are always members: a members list keeps the managers unless the managers list is replaced too.
 */
final class RoomRoleChanges {
    private final ChatStore store;
    private final ChatService chat;
    private final String inviter;
    private final List<Invitation> invitations = new ArrayList<>();
    private int changes;

    RoomRoleChanges(ChatStore store, ChatService chat, String inviter) {
        this.store = store;
        this.chat = chat;
        this.inviter = inviter;
    }

    /** Gives each principal the role. */
    RoomRoleChanges add(String roomId, RoomRole role, List<String> principals) {
        for (String p : principals) {
            RoleChange change = store.rooms().addRole(roomId, role, p, inviter);
            if (change.added()) {
                changes++;
            }
            change.invitation().ifPresent(invitations::add);
        }
        return this;
    }

    /** Takes the role from each principal (membership takes management with it). */
    RoomRoleChanges remove(String roomId, RoomRole role, List<String> principals) {
        for (String p : principals) {
            if (store.rooms().removeRole(roomId, role, p)) {
                changes++;
            }
        }
        return this;
    }

    /** Makes the given lists the room's lists; an empty Optional leaves that list alone. */
    RoomRoleChanges replace(String roomId, Optional<List<String>> members, Optional<List<String>> managers,
            Optional<List<String>> presenters) {
        RoomRoles now = store.rooms().roles(roomId);
        managers.ifPresent(wanted -> {
            add(roomId, RoomRole.MANAGER, missing(wanted, now.managers()));
            remove(roomId, RoomRole.MANAGER, extra(wanted, now.managers()));
        });
        members.ifPresent(wanted -> {
            Set<String> keep = new LinkedHashSet<>(wanted);
            keep.addAll(managers.orElse(List.copyOf(now.managers())));
            add(roomId, RoomRole.MEMBER, missing(List.copyOf(keep), now.members()));
            remove(roomId, RoomRole.MEMBER, extra(List.copyOf(keep), now.members()));
        });
        presenters.ifPresent(wanted -> {
            add(roomId, RoomRole.PRESENTER, missing(wanted, now.presenters()));
            remove(roomId, RoomRole.PRESENTER, extra(wanted, now.presenters()));
        });
        return this;
    }

    /** Pushes the invitations made; returns how many roles changed. */
    int announce() {
        invitations.forEach(chat::invited);
        return changes;
    }

    private static List<String> missing(List<String> wanted, Set<String> present) {
        return wanted.stream().filter(p -> !present.contains(p)).toList();
    }

    private static List<String> extra(List<String> wanted, Set<String> present) {
        Set<String> keep = new HashSet<>(wanted);
        return present.stream().filter(p -> !keep.contains(p)).sorted().toList();
    }
}
