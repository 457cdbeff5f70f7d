package io.pchat.protocol.xccos;

import java.util.Optional;

/**
 * A room URI, {@code ma-chan://<domain>/<id>}.
 *
 * <p>Invariants: domain and id are non-empty and hold no '/', whitespace or control characters.
 * Equality and hash ignore the case of both; {@link #toString()} keeps the case given.
 */
public record RoomUri(String domain, String id) implements ChatUri {

    public static final String SCHEME = "ma-chan://";

    public RoomUri {
        UriSyntax.requirePart("domain", domain);
        UriSyntax.requirePart("room id", id);
    }

    /**
     * For trusted input.
     *
     * @throws IllegalArgumentException if domain or id is not valid
     */
    public static RoomUri of(String domain, String id) {
        return new RoomUri(domain, id);
    }

    /** Reads {@code ma-chan://<domain>/<id>} (scheme case-insensitive); empty if it is not one. */
    public static Optional<RoomUri> parse(String text) {
        String[] parts = UriSyntax.split(SCHEME, text, 2);
        return parts == null ? Optional.empty() : Optional.of(new RoomUri(parts[0], parts[1]));
    }

    /** This room split as {@code chanid} gives it; {@code key} is the client's index, may be null. */
    public Chanid toChanid(String key) {
        return new Chanid(key, domain, id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoomUri other
                && UriSyntax.fold(id).equals(UriSyntax.fold(other.id))
                && UriSyntax.fold(domain).equals(UriSyntax.fold(other.domain));
    }

    @Override
    public int hashCode() {
        return 31 * UriSyntax.fold(domain).hashCode() + UriSyntax.fold(id).hashCode();
    }

    @Override
    public String toString() {
        return SCHEME + domain + '/' + id;
    }
}
