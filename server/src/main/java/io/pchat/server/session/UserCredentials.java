package io.pchat.server.session;

import java.util.Optional;

/**
 * What the session layer asks the user directory: where SIP Digest finds a user's stored HA1
 * hash ({@code H(user:realm:password)}; the node keeps no plain passwords), and whether a user
 * is disabled.
 */
public interface UserCredentials {

    enum Algorithm { MD5, SHA_256 }

    /** The HA1 (lower-case hex) of {@code user} (a lower-cased sip: URI) for {@code algorithm}, if the user has one. */
    Optional<String> ha1(String user, Algorithm algorithm);

    /**
     * Whether {@code user} is disabled for persistent chat, so that a new session is refused (a
     * user not in the directory is not: users who only chat are enabled). May block.
     */
    default boolean disabled(String user) {
        return false;
    }
}
