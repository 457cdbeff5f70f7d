package io.pchat.storage.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SIP Digest algorithms whose HA1 the store keeps (RFC 8760: SHA-256, and MD5 for old clients). */
public enum DigestAlgorithm {
    MD5("MD5"),
    SHA_256("SHA-256");

    private final String jcaName;

    DigestAlgorithm(String jcaName) {
        this.jcaName = jcaName;
    }

    /** The name in a {@code WWW-Authenticate} header ({@code MD5}, {@code SHA-256}). */
    public String headerName() {
        return jcaName;
    }

    /** HA1 = H(username:realm:password), lower-case hex. */
    public String ha1(String username, String realm, String password) {
        try {
            byte[] digest = MessageDigest.getInstance(jcaName)
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is required of every Java runtime", e);
        }
    }
}
