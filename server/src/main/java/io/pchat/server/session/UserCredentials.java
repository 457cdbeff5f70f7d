package io.pchat.server.session;

import java.util.Optional;

/**
 * Where SIP Digest finds a user's stored HA1 hash ({@code H(user:realm:password)}); the node
 * keeps no plain passwords.
 */
public interface UserCredentials {

    enum Algorithm { MD5, SHA_256 }

    /** The HA1 (lower-case hex) of {@code user} (a lower-cased sip: URI) for {@code algorithm}, if the user has one. */
    Optional<String> ha1(String user, Algorithm algorithm);
}
