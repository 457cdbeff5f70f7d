package io.pchat.server.sip;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.Authorization;
import gov.nist.javax.sip.message.SIPRequest;
import io.pchat.server.net.LogThrottle;
import io.pchat.server.session.UserCredentials;

/**
 * {@link AuthMode#DIGEST}: SIP Digest (RFC 8760 SHA-256 and RFC 2617 MD5, {@code qop=auth} only)
 * against the stored HA1 hashes of {@link UserCredentials}.
 *
 * <p>Rules: the challenge offers SHA-256 first, then MD5, both with the same stateless nonce
 * ({@link DigestNonces}); an expired nonce is challenged again with {@code stale=true}. The digest
 * username is the user's address without scheme ({@code alice@example.com}), as the directory
 * computed the HA1 with it, and becomes the identity. The digest {@code uri} must equal the
 * Request-URI (else 400). A wrong response, an unknown user or a replayed nonce count is refused
 * with 403 (a client that re-prompts would loop on 401); anything unusable (no credentials, a
 * foreign or forged nonce, an unsupported algorithm or qop) gets a fresh 401 challenge.
 *
 * <p>Guessing is throttled ({@link AuthThrottle}): every wrong answer counts against its (user,
 * address) pair and its address, and the answer to a throttled pair or address (right or wrong) is
 * sent only after the throttle's delay, on a timer: no thread waits.
 *
 * <p>The HA1 lookup may block (storage), so it runs on the given executor; everything else runs
 * on the caller's thread. Thread-safe.
 */
final class DigestAuthenticator implements InviteAuthenticator {

    private static final AddressFactoryImpl ADDRESSES = new AddressFactoryImpl();
    private static final Logger log = LoggerFactory.getLogger(DigestAuthenticator.class);
    /** "throttling starts" lines: at most one per 10 s, with how many pairs started meanwhile. */
    private static final LogThrottle THROTTLING_STARTS = new LogThrottle(Duration.ofSeconds(10));

    private final String realm;
    private final DigestNonces nonces;
    private final UserCredentials credentials;
    private final Executor lookupExecutor;
    private final AuthThrottle throttle;

    DigestAuthenticator(String realm, DigestNonces nonces, UserCredentials credentials, Executor lookupExecutor,
                        AuthThrottle throttle) {
        this.realm = realm;
        this.nonces = nonces;
        this.credentials = credentials;
        this.lookupExecutor = lookupExecutor;
        this.throttle = throttle;
    }

    @Override
    public CompletionStage<Authentication> authenticate(SIPRequest invite, InetAddress peer) {
        Optional<Authorization> found = digestAuthorizationForRealm(invite);
        if (found.isEmpty()) {
            return done(challenge(false));
        }
        Authorization auth = found.get();
        String nonce = auth.getNonce();
        DigestNonces.Check check = nonce == null ? DigestNonces.Check.FORGED : nonces.check(nonce);
        if (check != DigestNonces.Check.VALID) {
            return done(challenge(check == DigestNonces.Check.STALE));
        }
        UserCredentials.Algorithm algorithm = algorithm(auth.getAlgorithm());
        if (algorithm == null || !"auth".equalsIgnoreCase(auth.getQop()) || auth.getCNonce() == null
                || auth.getNonceCount() <= 0 || auth.getResponse() == null || auth.getParameter("uri") == null) {
            return done(challenge(false));
        }
        String digestUri = auth.getParameter("uri");
        if (!sameUri(digestUri, invite)) {
            return done(new Authentication.Refused(400, "Digest uri Does Not Match Request-URI"));
        }
        Optional<AddressOfRecord> user = auth.getUsername() == null ? Optional.empty() : AddressOfRecord.parse(auth.getUsername());
        if (throttle.gated(auth.getUsername(), peer)) {
            // too soon after a failure: refused unchecked, so parallel attempts gain a guesser nothing
            return done(new Authentication.Refused(403, "Too Many Failures, Retry Later"));
        }
        Duration delay = throttle.delayFor(auth.getUsername(), peer);
        if (user.isEmpty()) {
            failed(auth.getUsername(), peer);
            return delayed(done(new Authentication.Refused(403, "Authentication Failed")), delay);
        }
        // Read everything needed from the request now: it is not ours once we leave this thread.
        String method = invite.getMethod();
        String username = auth.getUsername();
        String cnonce = auth.getCNonce();
        long nc = auth.getNonceCount();
        String response = auth.getResponse().toLowerCase(Locale.ROOT);
        return delayed(CompletableFuture.supplyAsync(() -> credentials.ha1(user.get().uri(), algorithm), lookupExecutor)
                .thenApply(ha1 -> {
                    if (ha1.isEmpty()) {
                        failed(username, peer);
                        return new Authentication.Refused(403, "Authentication Failed");
                    }
                    String expected = responseFor(algorithm, ha1.get(), nonce, nc, cnonce, method, digestUri);
                    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), response.getBytes(StandardCharsets.US_ASCII))) {
                        failed(username, peer);
                        return new Authentication.Refused(403, "Authentication Failed");
                    }
                    if (!nonces.acceptNonceCount(nonce, nc)) {
                        return new Authentication.Refused(403, "Nonce Count Replayed");
                    }
                    throttle.succeeded(username, peer);
                    return new Authentication.Identified(user.get());
                }), delay);
    }

    private void failed(String username, InetAddress peer) {
        if (throttle.failed(username, peer)) {
            long starts = THROTTLING_STARTS.occurred();
            if (starts > 0) {
                log.warn("Digest failures: answers to {} from {} are now delayed ({} pair(s) started being throttled in"
                        + " the last {} s)", username, peer.getHostAddress(), starts, THROTTLING_STARTS.periodSeconds());
            }
        }
    }

    /** {@code outcome}, completed {@code delay} after it would have been (on a timer, no thread held). */
    private static CompletionStage<Authentication> delayed(CompletionStage<Authentication> outcome, Duration delay) {
        if (delay.isZero()) {
            return outcome;
        }
        Executor later = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS);
        return outcome.thenApplyAsync(result -> result, later);
    }

    /** The two WWW-Authenticate values, SHA-256 first (RFC 8760 section 2.4: most preferred first). */
    Authentication.Challenged challenge(boolean stale) {
        String nonce = nonces.issue();
        String common = "Digest realm=\"" + realm + "\", qop=\"auth\", nonce=\"" + nonce + "\"" + (stale ? ", stale=true" : "");
        return new Authentication.Challenged(List.of(common + ", algorithm=SHA-256", common + ", algorithm=MD5"));
    }

    /** RFC 2617 / 8760 response for qop=auth. */
    static String responseFor(UserCredentials.Algorithm algorithm, String ha1, String nonce, long nc,
                              String cnonce, String method, String digestUri) {
        String ha2 = hash(algorithm, method + ":" + digestUri);
        return hash(algorithm, ha1.toLowerCase(Locale.ROOT) + ":" + nonce + ":" + String.format("%08x", nc) + ":" + cnonce + ":auth:" + ha2);
    }

    static String hash(UserCredentials.Algorithm algorithm, String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm == UserCredentials.Algorithm.MD5 ? "MD5" : "SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 and SHA-256 are part of every JDK", e);
        }
    }

    private Optional<Authorization> digestAuthorizationForRealm(SIPRequest request) {
        ListIterator<?> headers = request.getHeaders("Authorization");
        while (headers != null && headers.hasNext()) {
            if (headers.next() instanceof Authorization auth && "Digest".equalsIgnoreCase(auth.getScheme())
                    && realm.equals(auth.getRealm())) {
                return Optional.of(auth);
            }
        }
        return Optional.empty();
    }

    private static UserCredentials.Algorithm algorithm(String name) {
        if (name == null || name.equalsIgnoreCase("MD5")) {
            return UserCredentials.Algorithm.MD5;
        }
        return name.equalsIgnoreCase("SHA-256") ? UserCredentials.Algorithm.SHA_256 : null;
    }

    private static boolean sameUri(String digestUri, SIPRequest request) {
        if (digestUri.equals(request.getRequestURI().toString())) {
            return true;
        }
        try {
            return ADDRESSES.createURI(digestUri).equals(request.getRequestURI());
        } catch (ParseException e) {
            return false;
        }
    }

    private static CompletionStage<Authentication> done(Authentication outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
