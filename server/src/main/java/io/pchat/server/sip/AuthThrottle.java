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
 * {@code baseDelay} doubling with each failure up to {@code maxDelay}. A success clears its pair.
 * Counts are forgotten {@code memory} after their last failure.
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

    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Set<InetAddress> exempt;
    private final Cache<Pair, AtomicLong> pairs;
    private final Cache<InetAddress, AtomicLong> addresses;
    private final AtomicLong failures = new AtomicLong();

    AuthThrottle(Duration baseDelay, Duration maxDelay, Duration memory, Set<InetAddress> exempt, Ticker ticker) {
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.exempt = Set.copyOf(exempt);
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
        long pair = count(pairs.getIfPresent(new Pair(normalise(user), address)));
        long fromAddress = count(addresses.getIfPresent(address));
        int over = (int) Math.max(pair - FREE_PAIR_FAILURES + 1, fromAddress - FREE_ADDRESS_FAILURES + 1);
        if (over <= 0) {
            return Duration.ZERO;
        }
        long millis = baseDelay.toMillis() << Math.min(over - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
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
        AtomicLong pair = pairs.asMap().compute(new Pair(normalise(user), address), (k, v) -> v == null ? new AtomicLong() : v);
        long n = pair.incrementAndGet();
        addresses.asMap().compute(address, (k, v) -> v == null ? new AtomicLong() : v).incrementAndGet();
        return n == FREE_PAIR_FAILURES;
    }

    /** The right password: the pair starts afresh (the address's count stays: it may guess other users). */
    void succeeded(String user, InetAddress address) {
        pairs.invalidate(new Pair(normalise(user), address));
    }

    /** Failed answers since the node started, exempt addresses included (the metric). */
    long failures() {
        return failures.get();
    }

    private static long count(AtomicLong counter) {
        return counter == null ? 0 : counter.get();
    }

    private static String normalise(String user) {
        return user == null ? "" : user.strip().toLowerCase(Locale.ROOT);
    }
}
