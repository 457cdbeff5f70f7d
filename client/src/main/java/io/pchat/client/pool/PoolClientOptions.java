package io.pchat.client.pool;

import io.pchat.client.ClientOptions;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link PoolClient} reaches a pool and who it is there.
 *
 * <p>Invariants: {@code addresses} is an immutable, non-empty list without duplicates;
 * {@code template} is present; {@code backoffMin} is positive and not above {@code backoffMax};
 * {@code catchUpPageSize} is 1..500; {@code keepAlive} is zero (off) or at least 100 ms. A
 * violation is an {@link IllegalArgumentException} whose message starts with the field's name.
 *
 * @param addresses       the nodes of the pool, tried in this order by {@code open}, then round
 *                        robin after a loss
 * @param template        user, password, domain, service URI, timeouts, TLS, redirect hops, event
 *                        loop group; its host and port are replaced by each attempt's address
 * @param backoffMin      the wait before the first reconnection attempt after a loss (100 ms)
 * @param backoffMax      the longest wait between attempts; waits double up to it (2 s)
 * @param catchUpPageSize messages asked for per history request while catching up (100; a node
 *                        may give fewer per request, which only means more requests)
 * @param keepAlive       the interval of a probe command on the session (30 s), so that a node
 *                        that vanished without closing the connection is noticed within {@code
 *                        keepAlive} plus the command timeout; zero turns it off
 */
public record PoolClientOptions(List<NodeAddress> addresses, ClientOptions template, Duration backoffMin,
        Duration backoffMax, int catchUpPageSize, Duration keepAlive) {

    public static final Duration DEFAULT_BACKOFF_MIN = Duration.ofMillis(100);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(2);
    public static final int DEFAULT_CATCH_UP_PAGE_SIZE = 100;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    /** The most a node gives per bccontext is 500 (docs/xccos.md, defaultChatHistory). */
    static final int MAX_PAGE_SIZE = 500;

    public PoolClientOptions {
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("addresses must name at least one node (host:port)");
        }
        for (NodeAddress a : addresses) {
            if (a == null) {
                throw new IllegalArgumentException("addresses must not contain null");
            }
        }
        addresses = List.copyOf(addresses);
        if (addresses.stream().distinct().count() != addresses.size()) {
            throw new IllegalArgumentException("addresses must not repeat an address: " + addresses);
        }
        if (template == null) {
            throw new IllegalArgumentException("template is missing (user, password, timeouts)");
        }
        if (backoffMin == null || backoffMin.isNegative() || backoffMin.isZero()) {
            throw new IllegalArgumentException("backoffMin must be positive: " + backoffMin);
        }
        if (backoffMax == null || backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("backoffMax must be at least backoffMin (" + backoffMin + "): "
                    + backoffMax);
        }
        if (catchUpPageSize < 1 || catchUpPageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("catchUpPageSize must be 1.." + MAX_PAGE_SIZE + ": " + catchUpPageSize);
        }
        if (keepAlive == null || keepAlive.isNegative() || (!keepAlive.isZero() && keepAlive.toMillis() < 100)) {
            throw new IllegalArgumentException("keepAlive must be zero (off) or at least 100 ms: " + keepAlive);
        }
    }

    /** The pool at {@code addresses} ({@code host:port} each) with the default backoff, page size and keep-alive. */
    public static PoolClientOptions of(ClientOptions template, String... addresses) {
        Objects.requireNonNull(addresses, "addresses");
        return of(template, Arrays.stream(addresses).map(NodeAddress::parse).toList());
    }

    public static PoolClientOptions of(ClientOptions template, List<NodeAddress> addresses) {
        return new PoolClientOptions(addresses, template, DEFAULT_BACKOFF_MIN, DEFAULT_BACKOFF_MAX,
                DEFAULT_CATCH_UP_PAGE_SIZE, DEFAULT_KEEP_ALIVE);
    }

    /** The wait after {@code wait}: twice as long, at most {@code backoffMax}. */
    Duration nextBackoff(Duration wait) {
        Duration twice = wait.multipliedBy(2);
        return twice.compareTo(backoffMax) > 0 ? backoffMax : twice;
    }

    public PoolClientOptions withBackoff(Duration min, Duration max) {
        return new PoolClientOptions(addresses, template, min, max, catchUpPageSize, keepAlive);
    }

    public PoolClientOptions withCatchUpPageSize(int size) {
        return new PoolClientOptions(addresses, template, backoffMin, backoffMax, size, keepAlive);
    }

    public PoolClientOptions withKeepAlive(Duration interval) {
        return new PoolClientOptions(addresses, template, backoffMin, backoffMax, catchUpPageSize, interval);
    }

    public PoolClientOptions withTemplate(ClientOptions options) {
        return new PoolClientOptions(addresses, options, backoffMin, backoffMax, catchUpPageSize, keepAlive);
    }

    /** The template aimed at one node. */
    ClientOptions optionsFor(NodeAddress address) {
        return template.withServer(address.host(), address.port());
    }
}
