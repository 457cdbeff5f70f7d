package io.pchat.storage.room;

import java.util.HashSet;
import java.util.Set;

import io.pchat.storage.Principals;

/**
 * The roles on one room. Invariant: every manager is a member ({@link #members} includes
 * {@link #managers}, whatever the rows say). Principals are lower-cased users or {@code @domain}s;
 * the {@code is*} checks match a user by name or by domain.
 */
public record RoomRoles(Set<String> members, Set<String> managers, Set<String> presenters) {

    public static final RoomRoles NONE = new RoomRoles(Set.of(), Set.of(), Set.of());

    public RoomRoles {
        Set<String> all = new HashSet<>(members);
        all.addAll(managers);
        members = Set.copyOf(all);
        managers = Set.copyOf(managers);
        presenters = Set.copyOf(presenters);
    }

    public boolean isMember(String user) {
        return Principals.includes(members, user);
    }

    public boolean isManager(String user) {
        return Principals.includes(managers, user);
    }

    public boolean isPresenter(String user) {
        return Principals.includes(presenters, user);
    }

    public Set<String> holders(RoomRole role) {
        return role == RoomRole.MEMBER ? members : role == RoomRole.MANAGER ? managers : presenters;
    }
}
