package io.pchat.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate: Digest ...} challenge (RFC 8760 / RFC 7616), read liberally:
 * parameter names case-insensitive, values quoted or bare, unknown parameters kept.
 *
 * <p>Invariants: {@code realm} and {@code nonce} are present; {@code algorithm} is upper case,
 * {@code MD5} when the challenge named none; {@code qops} is the lower-case comma list the node
 * offered, empty for the RFC 2069 form; {@code opaque} may be null.
 */
record DigestChallenge(String realm, String nonce, String algorithm, List<String> qops, String opaque) {

    DigestChallenge {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        qops = List.copyOf(qops);
    }

    /** Reads a header value such as {@code Digest realm="x", nonce="y", algorithm=SHA-256, qop="auth"}. */
    static Optional<DigestChallenge> parse(String headerValue) {
        String v = headerValue.strip();
        if (!v.regionMatches(true, 0, "Digest", 0, 6) || v.length() < 7 || !Character.isWhitespace(v.charAt(6))) {
            return Optional.empty();
        }
        Map<String, String> params = parameters(v.substring(7));
        String realm = params.get("realm");
        String nonce = params.get("nonce");
        if (realm == null || nonce == null) {
            return Optional.empty();
        }
        String algorithm = params.getOrDefault("algorithm", "MD5").strip().toUpperCase(Locale.ROOT);
        List<String> qops = new ArrayList<>();
        for (String q : params.getOrDefault("qop", "").split(",")) {
            if (!q.isBlank()) {
                qops.add(q.strip().toLowerCase(Locale.ROOT));
            }
        }
        return Optional.of(new DigestChallenge(realm, nonce, algorithm, qops, params.get("opaque")));
    }

    /** {@code name=value} pairs separated by commas; quoted values may contain commas and escapes. */
    private static Map<String, String> parameters(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(s.charAt(i++));
                }
                i++;
            } else {
                while (i < n && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            out.putIfAbsent(name, value.toString().strip());
        }
        return out;
    }
}
