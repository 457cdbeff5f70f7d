package io.pchat.server.sip;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.concurrent.Ticker;
import io.pchat.server.net.LogThrottle;

/**
 * Which new TCP connections a listener takes: at most {@code sip.maxConnections} in all and
 * {@code sip.maxConnectionsPerAddress} from one source address (the trusted front ends exempt, as
 * they carry many users). A refused connection is closed at once; refusals are logged at most
 * once per {@value #LOG_EVERY_SECONDS} s, with how many there were, so a flood cannot flood the log.
 *
 * <p>Invariant: {@link #admit} and {@link #release} are paired per admitted connection; the counts
 * are exact at any moment (atomic), and an address whose count falls to 0 is forgotten.
 */
final class ConnectionAdmission {
    private static final Logger log = LoggerFactory.getLogger(ConnectionAdmission.class);
    static final int LOG_EVERY_SECONDS = 10;

    private final int maxConnections;
    private final int maxPerAddress;
    private final Set<InetAddress> exempt;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong refusedTotal = new AtomicLong();
    private final LogThrottle refusals;

    ConnectionAdmission(int maxConnections, int maxPerAddress, Set<InetAddress> exempt, Ticker ticker) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.exempt = Set.copyOf(exempt);
        this.refusals = new LogThrottle(Duration.ofSeconds(LOG_EVERY_SECONDS), ticker::nanoTime);
    }

    /** Takes a connection from {@code address}, or refuses it (false) and counts the refusal. */
    boolean admit(InetAddress address) {
        if (total.incrementAndGet() > maxConnections) {
            total.decrementAndGet();
            refused(address, "sip.maxConnections (" + maxConnections + ") connections open");
            return false;
        }
        if (exempt.contains(address)) {
            return true;
        }
        boolean[] taken = new boolean[1];
        perAddress.compute(address, (a, count) -> {
            int n = count == null ? 0 : count;
            taken[0] = n < maxPerAddress;
            return taken[0] ? n + 1 : count;
        });
        if (!taken[0]) {
            total.decrementAndGet();
            refused(address, "sip.maxConnectionsPerAddress (" + maxPerAddress + ") open from this address");
        }
        return taken[0];
    }

    /** An admitted connection from {@code address} closed. */
    void release(InetAddress address) {
        total.decrementAndGet();
        if (!exempt.contains(address)) {
            perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
        }
    }

    int open() {
        return total.get();
    }

    int openFrom(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    long refused() {
        return refusedTotal.get();
    }

    private void refused(InetAddress address, String why) {
        refusedTotal.incrementAndGet();
        long count = refusals.occurred();
        if (count > 0) {
            log.warn("refused {} SIP connection(s) in the last {} s; the latest from {}: {}", count, LOG_EVERY_SECONDS,
                    address.getHostAddress(), why);
        }
    }
}
