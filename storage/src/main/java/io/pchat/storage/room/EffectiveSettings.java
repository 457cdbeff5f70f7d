package io.pchat.storage.room;

/**
 * A room's settings after resolving its {@link Inheritable} overrides against its category.
 *
 * @param invitations whether adding a member sends them an invitation
 * @param fileUpload  whether files may be posted
 * @param logged      whether chat history is kept available ({@code bccontext}, {@code chatsrch})
 */
public record EffectiveSettings(boolean invitations, boolean fileUpload, boolean logged) {

    public static EffectiveSettings of(Room room, Category category) {
        if (!room.categoryId().equals(category.id())) {
            throw new IllegalArgumentException("room " + room.id() + " is not in category " + category.id());
        }
        return new EffectiveSettings(room.invitations().resolve(category.invitations()),
                room.fileUpload().resolve(category.fileUpload()), room.logged().resolve(category.logged()));
    }
}
