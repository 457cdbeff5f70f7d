package io.pchat.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.pchat.server.console.ConsoleFiles;
import io.pchat.server.console.ConsoleSession;
import io.pchat.server.console.ConsoleSessions;
import io.pchat.server.console.ConsoleSettings;
import io.pchat.server.console.SignInThrottle;
import io.pchat.server.net.LogThrottle;
import io.pchat.storage.Principals;
import io.pchat.storage.user.DigestAlgorithm;
import io.pchat.storage.user.Ha1;
import io.pchat.storage.user.User;
import io.pchat.storage.user.UserStore;

/**
 * The web console under {@code /console/} on the admin endpoint: its static files, and its API
 * with sign-in sessions instead of the bearer token.
 *
 * <ul>
 * <li>{@code /console/api/session}: {@code POST {"token"}} signs an operator in,
 *     {@code POST {"user","password"}} a user (the password checked against the stored Digest
 *     hash, as SIP checks it); {@code GET} says who is signed in; {@code DELETE} signs out.</li>
 * <li>{@code /console/api/admin/...}: every admin API call, for an operator.</li>
 * <li>{@code /console/api/my...}: the room management site ({@link ManagedRooms}), for a user.</li>
 * </ul>
 *
 * <p>Every call is admitted or refused on the event loop, from memory only ({@link #admit}): the
 * session, the CSRF token, the role, the sign-in throttle. Only what passes reaches a storage
 * thread, and of unauthenticated work only {@value #SIGN_INS_AT_ONCE} user sign-ins at once, so
 * no stranger can fill the storage queue the chat needs.
 *
 * <p>Invariants: a session lives in an HttpOnly, SameSite=Strict cookie scoped to
 * {@code /console/} (Secure under TLS, or behind an https {@code console.publicUrl}); every call
 * but GET must carry the session's CSRF token in {@code X-CSRF-Token} (a custom header: no other
 * site can send it without a CORS preflight, which this endpoint never grants); the sign-in must
 * have a JSON body type, which no cross-site form can send; a user is refused, and all their
 * sessions closed, once disabled or once their password changed; failed sign-ins are bounded per
 * address and per account ({@link SignInThrottle}), and an unknown user costs the same work as a
 * wrong password.
 */
final class ConsoleApi {
    private static final Logger log = LoggerFactory.getLogger(ConsoleApi.class);
    private static final LogThrottle FAILED_SIGN_INS = new LogThrottle(Duration.ofSeconds(10));
    static final String PREFIX = "/console";
    static final String COOKIE = "pchat_console";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Sent by the page's own periodic refresh: it does not count as use, so an unattended page still times out. */
    static final String REFRESH_HEADER = "X-Console-Refresh";
    static final int SIGN_INS_AT_ONCE = 4;
    /** The page's policy: nothing from elsewhere, no inline script, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self';"
            + " script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final Map<String, String> SECURITY_HEADERS = Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff", "X-Frame-Options", "DENY", "Referrer-Policy", "no-referrer");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");
    /** What an unknown user's password is checked against, so that it costs what a known one's does. */
    private static final Ha1 NOBODY = new Ha1("nobody", "pchat", DigestAlgorithm.SHA_256,
            DigestAlgorithm.SHA_256.ha1("nobody", "pchat", "no password matches this"));

    /**
     * What the event loop decided: an answer already ({@code answer}), or work for a storage thread
     * ({@code work}) with what to do if it never runs (a full queue): {@code notRun}.
     */
    record Admission(AdminResponse answer, Callable<AdminResponse> work, Runnable notRun) {
        static Admission answered(AdminResponse answer) {
            return new Admission(answer, null, null);
        }

        static Admission work(Callable<AdminResponse> work) {
            return new Admission(null, work, () -> { });
        }
    }

    private final ConsoleSessions sessions;
    private final SignInThrottle throttle;
    private final ConsoleFiles files;
    private final AdminRoutes adminRoutes;
    private final AdminRoutes userRoutes;
    private final AdminToken token;
    private final AdminContext context;
    private final ConsoleSettings settings;
    private final boolean secure;
    private final ResultPrinter printer;
    private final Semaphore signIns = new Semaphore(SIGN_INS_AT_ONCE);

    /** @param tls whether the admin endpoint itself speaks HTTPS */
    ConsoleApi(ConsoleSettings settings, AdminContext context, AdminRoutes adminRoutes, AdminToken token, boolean tls,
            ResultPrinter printer) {
        this.printer = printer;
        this.settings = settings;
        this.context = context;
        this.adminRoutes = adminRoutes;
        this.token = token;
        this.secure = tls || settings.publicUrl().filter(u -> u.startsWith("https:")).isPresent();
        this.sessions = new ConsoleSessions(context.clock(), settings);
        this.throttle = new SignInThrottle(context.clock(), settings.signInFailuresPerMinute());
        this.files = new ConsoleFiles();
        this.userRoutes = new AdminRoutes();
        new ManagedRooms(context, new Lookups(context.store())).register(userRoutes);
    }

    static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    static boolean isApi(String path) {
        return path.startsWith(PREFIX + "/api/");
    }

    /** A static file or the redirect to the page; cheap, answered on the event loop. */
    AdminResponse file(String method, String path) {
        if (path.equals(PREFIX)) {
            return AdminResponse.status(301, null).withHeader("Location", PREFIX + "/");
        }
        if (!"GET".equals(method)) {
            throw new AdminException(405, method + " is not allowed on " + path + "; use GET");
        }
        String name = path.substring(PREFIX.length() + 1);
        ConsoleFiles.File file = files.get(name).orElseThrow(() -> AdminException.notFound("no such console file: " + name));
        return secured(AdminResponse.bytes(200, file.contentType(), file.bytes()).withHeader("Cache-Control", "no-cache"));
    }

    /**
     * An API call (path under {@code /console/api/}), on the event loop: refused or answered from
     * memory, or admitted as work for a storage thread. Throws {@link AdminException} to refuse.
     */
    Admission admit(AdminRequest request, HttpHeaders headers, String remoteAddress) {
        String rest = request.path().substring((PREFIX + "/api").length());
        if (rest.equals("/session")) {
            return session(request, headers, remoteAddress);
        }
        ConsoleSession session = signedIn(headers, !headers.contains(REFRESH_HEADER)).orElseThrow(() -> new AdminException(401,
                "not signed in, or the session has expired: sign in again"));
        if (!SAFE_METHODS.contains(request.method())) {
            requireCsrf(session, headers);
        }
        if (rest.startsWith("/admin/")) {
            if (!session.isOperator()) {
                throw new AdminException(403, "this part of the console is for operators (sign in with the admin token)");
            }
            String path = rest.substring("/admin".length());
            return Admission.work(() -> secured(printed(request, path, route(adminRoutes, request, path, AdminAudit.WHO))));
        }
        if (rest.equals("/my") || rest.startsWith("/my/")) {
            if (session.isOperator()) {
                throw new AdminException(403, "the room management site is for users: sign in with a SIP address");
            }
            return Admission.work(() -> {
                requireSameCredential(session);
                return secured(route(userRoutes, request, rest, session.user()));
            });
        }
        throw AdminException.notFound("no such console call: " + request.path());
    }

    /** An operator's action answered with what {@code pchat admin} prints for it too ({@code printed}). */
    private AdminResponse printed(AdminRequest request, String path, AdminResponse answer) {
        if (answer.json() instanceof ObjectNode json && answer.status() / 100 == 2) {
            JsonNode body = request.body().length == 0 ? AdminJson.object() : request.json().node();
            printer.printed(request.method(), path, body, json).ifPresent(text -> json.put("printed", text));
        }
        return answer;
    }

    private static AdminResponse route(AdminRoutes routes, AdminRequest request, String path, String actor) throws Exception {
        AdminRoutes.Match match = routes.match(request.method(), path);
        AdminRequest routed = new AdminRequest(actor, request.method(), path, match.params(), request.query(), request.body());
        return match.route().handler().handle(routed);
    }

    private Admission session(AdminRequest request, HttpHeaders headers, String remoteAddress) {
        switch (request.method()) {
            case "GET" -> {
                ConsoleSession s = signedIn(headers, !headers.contains(REFRESH_HEADER))
                        .orElseThrow(() -> new AdminException(401, "not signed in"));
                return Admission.answered(secured(AdminResponse.ok(describe(s))));
            }
            case "DELETE" -> {
                Optional<ConsoleSession> s = signedIn(headers, false);
                if (s.isPresent()) {
                    requireCsrf(s.get(), headers);
                    sessions.close(s.get().id());
                    log.info("console: {} signed out", s.get().user());
                }
                return Admission.answered(secured(AdminResponse.noContent().withHeader("Set-Cookie", cookie("", 0))));
            }
            case "POST" -> {
                requireJson(headers);
                return signIn(request.json().allowOnly("token", "user", "password"), remoteAddress);
            }
            default -> throw new AdminException(405, request.method() + " is not allowed on " + request.path()
                    + "; use GET, POST, DELETE");
        }
    }

    /** On the event loop: the throttle, then the token (in memory) or a user's password (a storage thread). */
    private Admission signIn(JsonBody body, String remoteAddress) {
        long wait = throttle.refusedForSeconds(remoteAddress);
        if (body.has("token")) {
            if (wait > 0) {
                return Admission.answered(tooMany(remoteAddress, wait));
            }
            if (!token.matches(body.text("token"))) {
                return Admission.answered(refused(remoteAddress, null, "admin token", "wrong admin token"));
            }
            return Admission.answered(signedIn(sessions.open(ConsoleSession.Role.OPERATOR, AdminAudit.WHO, ""), remoteAddress));
        }
        if (!body.has("user")) {
            throw AdminException.badRequest("give 'token' (an operator) or 'user' and 'password' (a user)");
        }
        String user;
        try {
            user = Principals.user(body.text("user").strip());
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest("user: " + e.getMessage() + " (a SIP address: sip:alice@" + context.domain() + ")");
        }
        String account = "account " + user;
        wait = Math.max(wait, throttle.refusedForSeconds(account));
        if (wait > 0) {
            return Admission.answered(tooMany(remoteAddress, wait));
        }
        String password = body.optText("password").orElse("");
        if (!signIns.tryAcquire()) {
            return Admission.answered(AdminResponse.status(503, AdminJson.error(503, "too many sign-ins at once: try again"))
                    .withHeader("Retry-After", "1"));
        }
        return new Admission(null, () -> {
            try {
                return signInUser(user, password, remoteAddress, account);
            } finally {
                signIns.release();
            }
        }, signIns::release);
    }

    /** On a storage thread: the same work (two reads, one hash) whether the user exists or not. */
    private AdminResponse signInUser(String user, String password, String remoteAddress, String account) {
        UserStore users = context.store().users();
        Optional<User> known = users.get(user);
        Optional<Ha1> found = users.ha1(user, DigestAlgorithm.SHA_256);
        Ha1 stored = found.orElse(NOBODY);
        String given = stored.algorithm().ha1(stored.username(), stored.realm(), password);
        boolean matches = MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII),
                stored.hex().getBytes(StandardCharsets.US_ASCII));
        if (known.isEmpty() || found.isEmpty() || password.isEmpty() || !matches) {
            return refused(remoteAddress, account, user, "wrong SIP address or password");
        }
        if (!known.get().enabled()) {
            throw new AdminException(403, user + " is disabled for persistent chat: ask an administrator");
        }
        return signedIn(sessions.open(ConsoleSession.Role.USER, user, fingerprint(stored)), remoteAddress);
    }

    private AdminResponse signedIn(ConsoleSession session, String remoteAddress) {
        log.info("console: {} signed in as {} from {}", session.user(), session.role().name().toLowerCase(Locale.ROOT),
                remoteAddress);
        return secured(AdminResponse.ok(describe(session)).withHeader("Set-Cookie",
                cookie(session.id(), settings.sessionLifetime().toSeconds())));
    }

    private static AdminResponse tooMany(String remoteAddress, long wait) {
        return AdminResponse.status(429, AdminJson.error(429, "too many failed sign-ins from " + remoteAddress
                + " or for this account: try again in " + wait + " s")).withHeader("Retry-After", Long.toString(wait));
    }

    private AdminResponse refused(String remoteAddress, String account, String who, String message) {
        throttle.failed(remoteAddress);
        if (account != null) {
            throttle.failed(account);
        }
        long count = FAILED_SIGN_INS.occurred();
        if (count > 0) {
            log.warn("console: {} failed sign-in(s) in the last {} s; the latest as {} from {}", count,
                    FAILED_SIGN_INS.periodSeconds(), who, remoteAddress);
        }
        return AdminResponse.status(401, AdminJson.error(401, message));
    }

    /** A user's session holds while they are enabled and their password is the one they signed in with. */
    private void requireSameCredential(ConsoleSession session) {
        UserStore users = context.store().users();
        boolean enabled = users.get(session.user()).filter(User::enabled).isPresent();
        Optional<Ha1> now = users.ha1(session.user(), DigestAlgorithm.SHA_256);
        if (!enabled || now.isEmpty() || !fingerprint(now.get()).equals(session.credential())) {
            int closed = sessions.closeAllOf(session.user()); // every browser of theirs, not only this one
            String why = enabled ? "their password was changed or removed" : "they are disabled or removed";
            log.info("console: {}: {}; {} session(s) signed out", session.user(), why, closed);
            throw new AdminException(401, enabled ? "your password was changed: sign in again"
                    : session.user() + " is no longer enabled for persistent chat: signed out");
        }
    }

    /** Names a stored password hash without holding it: a session keeps only this. */
    private static String fingerprint(Ha1 ha1) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((ha1.realm() + ":" + ha1.hex())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static void requireCsrf(ConsoleSession session, HttpHeaders headers) {
        if (!ConsoleSessions.csrfMatches(session, headers.get(CSRF_HEADER))) {
            throw new AdminException(403, "missing or wrong " + CSRF_HEADER + " header (a change must come from the"
                    + " console page)");
        }
    }

    private static void requireJson(HttpHeaders headers) {
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new AdminException(415, "Content-Type must be application/json");
        }
    }

    private Optional<ConsoleSession> signedIn(HttpHeaders headers, boolean renew) {
        String header = headers.get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return Optional.empty();
        }
        for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(header)) {
            if (COOKIE.equals(c.name())) {
                Optional<ConsoleSession> s = sessions.use(c.value(), renew);
                if (s.isPresent()) {
                    return s;
                }
            }
        }
        return Optional.empty();
    }

    private String cookie(String value, long maxAgeSeconds) {
        DefaultCookie c = new DefaultCookie(COOKIE, value);
        c.setPath(PREFIX + "/");
        c.setHttpOnly(true);
        c.setSecure(secure);
        c.setSameSite(CookieHeaderNames.SameSite.Strict);
        c.setMaxAge(maxAgeSeconds);
        return ServerCookieEncoder.STRICT.encode(c);
    }

    private static ObjectNode describe(ConsoleSession s) {
        return AdminJson.object().put("role", s.role().name().toLowerCase(Locale.ROOT)).put("user", s.user())
                .put("csrf", s.csrf()).put("expiresAt", AdminJson.time(s.expiresAt()));
    }

    private static AdminResponse secured(AdminResponse response) {
        AdminResponse r = response;
        for (Map.Entry<String, String> h : SECURITY_HEADERS.entrySet()) {
            r = r.withHeader(h.getKey(), h.getValue());
        }
        return r;
    }
}
