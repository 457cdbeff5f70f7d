package io.pchat.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers a SIP Digest challenge (RFC 8760, RFC 7616, RFC 2617): picks the strongest challenge it
 * can answer (SHA-256 before MD5) and computes the {@code Authorization} header value.
 *
 * <p>Invariant: stateless apart from the credentials; the client answers a challenge once per
 * INVITE, so nonce counts always start at {@code 00000001}.
 */
final class DigestResponder {

    private static final List<String> PREFERENCE = List.of("SHA-256", "MD5");

    private final String username;
    private final String password;

    DigestResponder(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /** The challenge to answer among those offered: SHA-256 if offered, else MD5; empty if neither. */
    static Optional<DigestChallenge> choose(List<DigestChallenge> offered) {
        for (String algorithm : PREFERENCE) {
            for (DigestChallenge c : offered) {
                if (c.algorithm().equals(algorithm)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** The {@code Authorization} value for {@code method} on {@code uri}, with a fresh cnonce. */
    String authorization(DigestChallenge challenge, String method, String uri) {
        return authorization(challenge, method, uri, Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** As above with a given cnonce, so that known vectors can be checked. */
    String authorization(DigestChallenge challenge, String method, String uri, String cnonce) {
        String algorithm = challenge.algorithm();
        boolean qopAuth = challenge.qops().contains("auth");
        String nc = "00000001";
        String ha1 = hash(algorithm, username + ":" + challenge.realm() + ":" + password);
        String ha2 = hash(algorithm, method + ":" + uri);
        String response = qopAuth
                ? hash(algorithm, ha1 + ":" + challenge.nonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                : hash(algorithm, ha1 + ":" + challenge.nonce() + ":" + ha2);
        StringBuilder out = new StringBuilder("Digest ")
                .append("username=\"").append(quote(username)).append('"')
                .append(",realm=\"").append(quote(challenge.realm())).append('"')
                .append(",nonce=\"").append(quote(challenge.nonce())).append('"')
                .append(",uri=\"").append(quote(uri)).append('"')
                .append(",response=\"").append(response).append('"')
                .append(",algorithm=").append(algorithm);
        if (qopAuth) {
            out.append(",qop=auth,nc=").append(nc).append(",cnonce=\"").append(quote(cnonce)).append('"');
        }
        if (challenge.opaque() != null) {
            out.append(",opaque=\"").append(quote(challenge.opaque())).append('"');
        }
        return out.toString();
    }

    /** Lower-case hex of the digest of {@code text} in UTF-8. */
    static String hash(String algorithm, String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm.equals("SHA-256") ? "SHA-256" : "MD5");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
