package io.pchat.protocol.xccos;

import java.util.Optional;

/**
 * A room or category URI, {@code <scheme>://<domain>/<id>}. Implementations compare domain and
 * id case-insensitively and keep the case they were given for output.
 */
public sealed interface ChatUri permits RoomUri, CategoryUri {

    String domain();

    String id();

    /** The URI in its wire form. */
    @Override
    String toString();

    /** A room or category URI, whichever {@code text} is; empty if neither. */
    static Optional<ChatUri> parse(String text) {
        Optional<RoomUri> room = RoomUri.parse(text);
        return room.isPresent() ? Optional.of(room.get()) : CategoryUri.parse(text).map(c -> c);
    }
}
