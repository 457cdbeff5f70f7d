package io.pchat.server.sip;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Slows a password guesser down without locking the real user out. Failed Digest answers are
 * counted per (user, source address) and per source address; once a pair has failed
 * {@value #FREE_PAIR_FAILURES} times, or an address {@value #FREE_ADDRESS_FAILURES} times (one
 * guesser trying many users), every further answer to that pair or address is delayed, by
 * {@code baseDelay} doubling with each failure up to {@code maxDelay}, and an attempt that arrives
 * before that delay has passed since the last failure is refused without its password being
 * checked ({@link #gated}): however many attempts a guesser keeps in flight, at most one is
 * checked per delay. A success clears its pair. Counts are forgotten {@code memory} after their
 * last failure.
 *
 * <p>Why not per user: a guesser elsewhere would then lock the user out of her own account; per
 * (user, address) the user's own address is never slowed by someone else's failures. Addresses in
 * {@code sip.trustedPeers} (front ends carrying many users) are exempt.
 *
 * <p>Invariant: at most {@value #MAX_ENTRIES} pairs and as many addresses are remembered (the
 * least recently used are dropped), so a guesser with many addresses cannot grow the table
 * without bound. Decides only: the caller delays the answer (on a timer, holding no thread).
 * Thread-safe; the clock is injected, so it is tested in virtual time.
 */
final class AuthThrottle {
    static final int FREE_PAIR_FAILURES = 3;
    static final int FREE_ADDRESS_FAILURES = 20;
    static final int MAX_ENTRIES = 100_000;

    private record Pair(String user, InetAddress address) {
    }

    /** Failures of one pair or address, and until when the next attempt is refused unchecked. */
    private static final class Failures {
        final AtomicLong count = new AtomicLong();
        volatile long notBeforeNanos;
    }

    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Set<InetAddress> exempt;
    private final Cache<Pair, Failures> pairs;
    private final Cache<InetAddress, Failures> addresses;
    private final Ticker ticker;
    private final AtomicLong failures = new AtomicLong();

    AuthThrottle(Duration baseDelay, Duration maxDelay, Duration memory, Set<InetAddress> exempt, Ticker ticker) {
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.exempt = Set.copyOf(exempt);
        this.ticker = ticker;
        this.pairs = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(memory.toNanos(), TimeUnit.NANOSECONDS)
                .ticker(ticker).build();
        this.addresses = Caffeine.newBuilder().maximumSize(MAX_ENTRIES)
                .expireAfterWrite(memory.toNanos(), TimeUnit.NANOSECONDS).ticker(ticker).build();
    }

    static AuthThrottle defaults(Set<InetAddress> exempt, Ticker ticker) {
        return new AuthThrottle(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(15), exempt, ticker);
    }

    /** How long the answer to an attempt by {@code user} from {@code address} is held back (zero: not at all). */
    Duration delayFor(String user, InetAddress address) {
        if (exempt.contains(address)) {
            return Duration.ZERO;
        }
        return delay(count(pairs.getIfPresent(new Pair(normalise(user), address))),
                count(addresses.getIfPresent(address)));
    }

    /**
     * Whether an attempt now comes before the pair's or the address's delay since its last failure
     * has passed: it is then refused without being checked, so that attempts kept in flight in
     * parallel cannot multiply a guesser's rate.
     */
    boolean gated(String user, InetAddress address) {
        if (exempt.contains(address)) {
            return false;
        }
        long now = ticker.read();
        return before(now, pairs.getIfPresent(new Pair(normalise(user), address)))
                || before(now, addresses.getIfPresent(address));
    }

    /**
     * A wrong password (or an unknown user) from {@code address}; true when this failure is the
     * one that starts throttling the pair (the caller logs it).
     */
    boolean failed(String user, InetAddress address) {
        failures.incrementAndGet();
        if (exempt.contains(address)) {
            return false;
        }
        // written, not just read, so that expiry counts from the last failure
        Failures pair = pairs.asMap().compute(new Pair(normalise(user), address), (k, v) -> v == null ? new Failures() : v);
        Failures fromAddress = addresses.asMap().compute(address, (k, v) -> v == null ? new Failures() : v);
        long n = pair.count.incrementAndGet();
        long a = fromAddress.count.incrementAndGet();
        long notBefore = ticker.read() + delay(n, a).toNanos();
        pair.notBeforeNanos = notBefore;
        fromAddress.notBeforeNanos = Math.max(fromAddress.notBeforeNanos, ticker.read() + delay(0, a).toNanos());
        return n == FREE_PAIR_FAILURES;
    }

    private Duration delay(long pairFailures, long addressFailures) {
        int over = (int) Math.max(pairFailures - FREE_PAIR_FAILURES + 1, addressFailures - FREE_ADDRESS_FAILURES + 1);
        if (over <= 0) {
            return Duration.ZERO;
        }
        long millis = baseDelay.toMillis() << Math.min(over - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    private static boolean before(long now, Failures failures) {
        return failures != null && now - failures.notBeforeNanos < 0;
    }

    /** The right password: the pair starts afresh (the address's count stays: it may guess other users). */
    void succeeded(String user, InetAddress address) {
        pairs.invalidate(new Pair(normalise(user), address));
    }

    /** Failed answers since the node started, exempt addresses included (the metric). */
    long failures() {
        return failures.get();
    }

    private static long count(Failures failures) {
        return failures == null ? 0 : failures.count.get();
    }

    private static String normalise(String user) {
        return user == null ? "" : user.strip().toLowerCase(Locale.ROOT);
    }
}
