package io.pchat.server.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The console's signed-in sessions, in this node's memory (a restart signs everyone out; each
 * node of a pool has its own). Invariants: at most {@code maxSessions} are held, and at most
 * {@value #MAX_PER_USER} of one user (signing in beyond that signs out that user's least recently
 * used one); when full, the least recently used user session is signed out, an operator's only
 * when no user's is left, so users signing in cannot push operators out; a session is gone once
 * unused for the idle timeout or once its lifetime since sign-in has passed, whichever comes
 * first, and a look-up that does not renew (a page refreshing itself) does not move the idle
 * timeout on; ids and CSRF tokens are 32 random bytes from {@link SecureRandom}. Time comes from
 * the injected clock, so expiry is tested in virtual time. Thread-safe (one lock: sign-ins and
 * look-ups are rare and quick).
 */
public final class ConsoleSessions {
    private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();
    /** Sessions one user (or the operators, together) may hold: a browser or two per device. */
    public static final int MAX_PER_USER = 10;

    private final Clock clock;
    private final Duration idle;
    private final Duration lifetime;
    private final int max;
    private final SecureRandom random = new SecureRandom();
    /** In access order: the first entry is the least recently used. */
    private final LinkedHashMap<String, ConsoleSession> sessions = new LinkedHashMap<>(16, 0.75f, true);

    public ConsoleSessions(Clock clock, ConsoleSettings settings) {
        this.clock = clock;
        this.idle = settings.sessionIdleTimeout();
        this.lifetime = settings.sessionLifetime();
        this.max = settings.maxSessions();
    }

    /**
     * A new session for {@code user}, who signed in with the credential {@code credential} names
     * (a fingerprint: a session ends when it changes). Makes room as the class says.
     */
    public synchronized ConsoleSession open(ConsoleSession.Role role, String user, String credential) {
        Instant now = clock.instant();
        dropExpired(now);
        if (sessions.values().stream().filter(x -> x.user().equals(user)).count() >= MAX_PER_USER) {
            signOutLeastRecentlyUsed(x -> x.user().equals(user));
        }
        if (sessions.size() >= max && !signOutLeastRecentlyUsed(x -> !x.isOperator())) {
            signOutLeastRecentlyUsed(x -> true);
        }
        ConsoleSession s = new ConsoleSession(token(), token(), role, user, credential, now, expiry(now, now));
        sessions.put(s.id(), s);
        return s;
    }

    /**
     * The live session of this cookie value; {@code renew} moves its idle expiry on (a person
     * acting), otherwise it is only looked at (the page refreshing itself). Empty when unknown or
     * expired.
     */
    public synchronized Optional<ConsoleSession> use(String id, boolean renew) {
        if (id == null) {
            return Optional.empty();
        }
        ConsoleSession s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!now.isBefore(s.expiresAt())) {
            sessions.remove(id);
            return Optional.empty();
        }
        if (!renew) {
            return Optional.of(s);
        }
        ConsoleSession used = s.until(expiry(s.signedInAt(), now));
        sessions.put(id, used);
        return Optional.of(used);
    }

    /** {@link #use(String, boolean)} by a person: the idle expiry moves on. */
    public Optional<ConsoleSession> use(String id) {
        return use(id, true);
    }

    private boolean signOutLeastRecentlyUsed(Predicate<ConsoleSession> which) {
        for (Iterator<ConsoleSession> it = sessions.values().iterator(); it.hasNext();) {
            if (which.test(it.next())) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** Signs a session out; false when it was not signed in. */
    public synchronized boolean close(String id) {
        return id != null && sessions.remove(id) != null;
    }

    /** Signs out every session of {@code user} (a disabled user, a changed password); returns how many. */
    public synchronized int closeAllOf(String user) {
        int before = sessions.size();
        sessions.values().removeIf(s -> s.user().equals(user));
        return before - sessions.size();
    }

    public synchronized int size() {
        dropExpired(clock.instant());
        return sessions.size();
    }

    /** Whether {@code given} is the session's CSRF token (constant time). */
    public static boolean csrfMatches(ConsoleSession session, String given) {
        return given != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    private Instant expiry(Instant signedInAt, Instant now) {
        Instant idleEnd = now.plus(idle);
        Instant lifeEnd = signedInAt.plus(lifetime);
        return idleEnd.isBefore(lifeEnd) ? idleEnd : lifeEnd;
    }

    private void dropExpired(Instant now) {
        for (Iterator<Map.Entry<String, ConsoleSession>> it = sessions.entrySet().iterator(); it.hasNext();) {
            if (!now.isBefore(it.next().getValue().expiresAt())) {
                it.remove();
            }
        }
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TOKEN.encodeToString(bytes);
    }
}
