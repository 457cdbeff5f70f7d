package io.pchat.storage.room;

import io.pchat.storage.Principals;

/**
 * The rules of docs/storage.md "Access rules", as pure functions of a user, a room, its roles and its
 * category (no database, no cache: {@link RoomAccess} adds those).
 *
 * <ul>
 * <li>Scope: a user is in a category's scope when neither they nor their {@code @domain} is
 *     denied, and the allowed list is empty or names them or their domain. An <em>empty allowed
 *     list means everyone</em> (the original product's root scope is the whole organisation).
 *     Denied always wins, over allowed and over any role.</li>
 * <li>Out of scope: nothing at all, whatever the roles.</li>
 * <li>See: open and closed rooms are seen by everyone in scope; secret rooms by members only.</li>
 * <li>Join: open rooms by everyone in scope; closed and secret by members only (managers are
 *     members); never while the room is disabled.</li>
 * <li>Post: may join, and in an auditorium is a presenter (managers too need the presenter role).</li>
 * <li>Manage: in scope and a manager; allowed while disabled, so that a room can be re-enabled.</li>
 * <li>Read history: may join and the room is logged (effective setting).</li>
 * <li>Upload files: may post and file upload is on (effective setting).</li>
 * <li>Create rooms in a category: in its scope and a creator (by name or domain).</li>
 * </ul>
 */
public final class AccessRules {
    private AccessRules() {
    }

    public static boolean inScope(String user, Category category) {
        if (Principals.includes(category.denied(), user)) {
            return false;
        }
        return category.allowed().isEmpty() || Principals.includes(category.allowed(), user);
    }

    public static AccessDecision decide(String user, Room room, RoomRoles roles, Category category) {
        if (!inScope(user, category)) {
            return AccessDecision.NOTHING;
        }
        boolean member = roles.isMember(user);
        boolean see = room.privacy() != Privacy.SECRET || member;
        boolean join = !room.disabled() && (room.privacy() == Privacy.OPEN || member);
        boolean post = join && (room.type() != RoomType.AUDITORIUM || roles.isPresenter(user));
        boolean manage = see && roles.isManager(user);
        EffectiveSettings effective = EffectiveSettings.of(room, category);
        return new AccessDecision(see, join, post, manage, join && effective.logged(), post && effective.fileUpload());
    }

    public static boolean canCreateRoomIn(String user, Category category) {
        return inScope(user, category) && Principals.includes(category.creators(), user);
    }
}
