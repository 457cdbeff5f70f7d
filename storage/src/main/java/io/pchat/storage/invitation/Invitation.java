package io.pchat.storage.invitation;

import java.time.Instant;

/**
 * An invitation of a user to a room ({@code getinv}, {@code ntc:inv}).
 *
 * @param inviteId increasing per user, from 1; a client asks for those newer than the last it saw
 * @param inviter  who made the user a member
 */
public record Invitation(String userUri, long inviteId, String roomId, String inviter, Instant createdAt) {
}
