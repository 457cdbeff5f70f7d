package io.pchat.protocol.xccos;

import java.util.Optional;

/**
 * A link to a file posted in a room, {@code ma-filelink://<domain>/<room id>/<file id>} (the
 * shape is ours; the scheme is the product's).
 *
 * <p>Invariants: as for {@link RoomUri}, for all three parts. Equality and hash ignore case.
 */
public record FileLink(String domain, String roomId, String fileId) {

    public static final String SCHEME = "ma-filelink://";

    public FileLink {
        UriSyntax.requirePart("domain", domain);
        UriSyntax.requirePart("room id", roomId);
        UriSyntax.requirePart("file id", fileId);
    }

    /**
     * For trusted input.
     *
     * @throws IllegalArgumentException if a part is not valid
     */
    public static FileLink of(RoomUri room, String fileId) {
        return new FileLink(room.domain(), room.id(), fileId);
    }

    /** Reads a file link; empty if {@code text} is not one. */
    public static Optional<FileLink> parse(String text) {
        String[] parts = UriSyntax.split(SCHEME, text, 3);
        return parts == null ? Optional.empty() : Optional.of(new FileLink(parts[0], parts[1], parts[2]));
    }

    /** The room the file was posted in. */
    public RoomUri room() {
        return new RoomUri(domain, roomId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileLink other && UriSyntax.fold(domain).equals(UriSyntax.fold(other.domain))
                && UriSyntax.fold(roomId).equals(UriSyntax.fold(other.roomId))
                && UriSyntax.fold(fileId).equals(UriSyntax.fold(other.fileId));
    }

    @Override
    public int hashCode() {
        return (31 * UriSyntax.fold(domain).hashCode() + UriSyntax.fold(roomId).hashCode()) * 31
                + UriSyntax.fold(fileId).hashCode();
    }

    @Override
    public String toString() {
        return SCHEME + domain + '/' + roomId + '/' + fileId;
    }
}
