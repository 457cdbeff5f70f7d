package io.pchat.server.net;

import java.time.Duration;

/**
 * What one HTTP endpoint (files, admin) lets its peers cost: connections at once, how long a
 * request's head may take, and the slowest body it waits for.
 *
 * <p>Invariant: every value is positive (the constructor refuses anything else, naming the key).
 *
 * @param maxConnections        connections open at once on the endpoint; more are closed at once
 * @param headTimeout           a request head must be complete within this of the connection being
 *                              ready for it (opened, or the previous answer sent); also the grace a body gets
 * @param minBodyBytesPerSecond after the grace, a body arriving slower than this on average is cut
 */
public record HttpLimits(int maxConnections, Duration headTimeout, long minBodyBytesPerSecond) {

    public HttpLimits {
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        if (headTimeout == null || headTimeout.isNegative() || headTimeout.isZero()) {
            throw new IllegalArgumentException("http.headTimeout must be positive: " + headTimeout);
        }
        if (minBodyBytesPerSecond <= 0) {
            throw new IllegalArgumentException("http.minBodyRate must be positive: " + minBodyBytesPerSecond);
        }
    }

    public static HttpLimits of(int maxConnections) {
        return new HttpLimits(maxConnections, Duration.ofSeconds(10), 8 * 1024);
    }
}
