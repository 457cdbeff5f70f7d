package io.pchat.storage.file;

import java.time.Instant;

/**
 * A file uploaded to a room, linked in messages as {@code ma-filelink://<domain>/<room id>/<file id>}.
 *
 * @param fileId random GUID, unique within the room
 */
public record RoomFile(String roomId, String fileId, String fileName, long sizeBytes, String uploader,
        Instant createdAt) {
}
