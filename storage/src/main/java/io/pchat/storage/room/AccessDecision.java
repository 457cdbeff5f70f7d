package io.pchat.storage.room;

/**
 * What one user may do with one room, decided by {@link AccessRules}. Invariants: join implies
 * see; post, manage-history and history imply join; manage implies see.
 *
 * @param see         the room appears to the user (search, associations, listings)
 * @param join        the user may join (false for disabled rooms: the node answers 410 for those)
 * @param post        the user may post chat messages
 * @param manage      the user may change the room and its roles
 * @param readHistory the user may read chat history ({@code bccontext}, {@code chatsrch})
 * @param uploadFiles the user may upload files to the room
 */
public record AccessDecision(boolean see, boolean join, boolean post, boolean manage, boolean readHistory,
        boolean uploadFiles) {

    public static final AccessDecision NOTHING = new AccessDecision(false, false, false, false, false, false);
}
