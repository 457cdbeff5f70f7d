package io.pchat.storage.user;

import java.time.Instant;
import java.util.Optional;

/**
 * A user of the chat service. Credentials are not part of it ({@link UserStore#ha1}).
 *
 * @param uri         lower-cased SIP URI, the key
 * @param enabled     enabled for persistent chat (a disabled user is sent a BYE after the first command)
 * @param realm       the realm of the stored digest credentials, if a password was set
 */
public record User(String uri, String displayName, boolean enabled, Optional<String> realm, Instant createdAt) {

    public boolean hasPassword() {
        return realm.isPresent();
    }
}
