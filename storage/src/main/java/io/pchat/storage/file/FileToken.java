package io.pchat.storage.file;

import java.time.Instant;

/**
 * A short-lived permission for one user to move one file into or out of one room over HTTP.
 *
 * @param token     random GUID, the bearer secret
 * @param fileName  the name the client gave ({@code fileUrl})
 * @param expiresAt after this instant the token is worth nothing
 */
public record FileToken(String token, FileDirection direction, String roomId, String userUri, String fileName,
        Instant expiresAt) {
}
