package io.pchat.server.node;

import java.util.Optional;

import io.pchat.server.session.UserCredentials;
import io.pchat.storage.user.DigestAlgorithm;
import io.pchat.storage.user.UserStore;

/** The user directory of the store as SIP Digest sees it: HA1 hashes, never passwords. Blocking. */
final class StoredCredentials implements UserCredentials {
    private final UserStore users;

    StoredCredentials(UserStore users) {
        this.users = users;
    }

    @Override
    public Optional<String> ha1(String user, Algorithm algorithm) {
        DigestAlgorithm stored = algorithm == Algorithm.MD5 ? DigestAlgorithm.MD5 : DigestAlgorithm.SHA_256;
        return users.ha1(user, stored).map(h -> h.hex());
    }

    @Override
    public boolean disabled(String user) {
        return users.get(user).filter(u -> !u.enabled()).isPresent();
    }
}
