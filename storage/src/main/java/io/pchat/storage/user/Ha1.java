package io.pchat.storage.user;

/**
 * A stored digest credential: what the node needs to check a SIP Digest response, never the
 * password.
 *
 * @param username  the digest username the HA1 was computed with ({@link UserStore#digestUsername})
 * @param realm     the realm it was computed for
 * @param hex       H(username:realm:password), lower-case hex
 */
public record Ha1(String username, String realm, DigestAlgorithm algorithm, String hex) {
}
