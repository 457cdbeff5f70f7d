package io.pchat.protocol.xccos;

import java.util.Optional;

/**
 * A category URI, {@code ma-cat://<domain>/<id>}.
 *
 * <p>Invariants: domain and id are non-empty and hold no '/', whitespace or control characters.
 * Equality and hash ignore the case of both; {@link #toString()} keeps the case given.
 */
public record CategoryUri(String domain, String id) implements ChatUri {

    public static final String SCHEME = "ma-cat://";

    public CategoryUri {
        UriSyntax.requirePart("domain", domain);
        UriSyntax.requirePart("category id", id);
    }

    /**
     * For trusted input.
     *
     * @throws IllegalArgumentException if domain or id is not valid
     */
    public static CategoryUri of(String domain, String id) {
        return new CategoryUri(domain, id);
    }

    /** Reads {@code ma-cat://<domain>/<id>} (scheme case-insensitive); empty if it is not one. */
    public static Optional<CategoryUri> parse(String text) {
        String[] parts = UriSyntax.split(SCHEME, text, 2);
        return parts == null ? Optional.empty() : Optional.of(new CategoryUri(parts[0], parts[1]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoryUri other
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
