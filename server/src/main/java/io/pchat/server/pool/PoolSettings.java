package io.pchat.server.pool;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.pchat.server.config.NodeSettings;
import io.pchat.server.tls.TlsSettings;

/**
 * The pool's topology and timing ({@code pool.*}), validated once. An empty member list is a pool
 * of one: this node, always active, no node link, no lease.
 *
 * @param members       every node of the pool, in both data centers
 * @param heartbeat     how often an active node renews its lease and every node re-reads the pool record
 * @param leaseExpiry   a lease not renewed for this long has expired: the node owns no room and takes no session
 * @param takeoverAfter how long the writing database may stay unreachable before the mirror is promoted
 * @param drainPeriod   how long a node that lost its role (failover, failback) keeps its dialogs before ending them
 * @param linkHost      address the node link binds
 * @param linkPort      port the node link binds (0: any free port, tests)
 * @param linkTls       mutual TLS on the node link, each peer's certificate pinned to its member id
 * @param linkCertificates the link's certificate, key and pool CA ({@code pool.link.certificate},
 *                      {@code .privateKey}, {@code .trustedCertificates}); empty: the node's {@code tls.*} ones
 */
public record PoolSettings(List<PoolMember> members, Duration heartbeat, Duration leaseExpiry, Duration takeoverAfter,
        Duration takeoverAfterRefused, Duration drainPeriod, String linkHost, int linkPort, boolean linkTls,
        Optional<TlsSettings> linkCertificates) {

    public static final Duration DEFAULT_HEARTBEAT = NodeSettings.POOL_HEARTBEAT.defaultDuration();
    public static final Duration DEFAULT_LEASE_EXPIRY = NodeSettings.POOL_LEASE_EXPIRY.defaultDuration();
    public static final Duration DEFAULT_TAKEOVER_AFTER = NodeSettings.POOL_TAKEOVER_AFTER.defaultDuration();
    public static final Duration DEFAULT_TAKEOVER_AFTER_REFUSED =
            NodeSettings.POOL_TAKEOVER_AFTER_REFUSED.defaultDuration();
    public static final Duration DEFAULT_DRAIN_PERIOD = NodeSettings.POOL_DRAIN_PERIOD.defaultDuration();
    public static final int DEFAULT_LINK_PORT = NodeSettings.POOL_LINK_PORT.defaultInt();

    public PoolSettings {
        members = List.copyOf(members);
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(leaseExpiry, "leaseExpiry");
        Objects.requireNonNull(takeoverAfter, "takeoverAfter");
        Objects.requireNonNull(takeoverAfterRefused, "takeoverAfterRefused");
        if (takeoverAfterRefused.compareTo(takeoverAfter) > 0) {
            takeoverAfterRefused = takeoverAfter; // a refusal never makes the takeover wait longer than silence would
        }
        Objects.requireNonNull(drainPeriod, "drainPeriod");
        Objects.requireNonNull(linkHost, "linkHost");
        Objects.requireNonNull(linkCertificates, "linkCertificates");
        if (leaseExpiry.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("leaseExpiry must be at least twice the heartbeat (" + heartbeat
                    + "), was " + leaseExpiry);
        }
        Set<String> ids = new HashSet<>();
        for (PoolMember m : members) {
            if (!ids.add(m.id())) {
                throw new IllegalArgumentException("nodes: the id " + m.id() + " appears twice");
            }
        }
        if (linkPort < 0 || linkPort > 65535) {
            throw new IllegalArgumentException("linkPort must be 0..65535: " + linkPort);
        }
    }

    /** A pool of one (no {@code pool.nodes}). */
    public static PoolSettings single() {
        return new PoolSettings(List.of(), DEFAULT_HEARTBEAT, DEFAULT_LEASE_EXPIRY, DEFAULT_TAKEOVER_AFTER,
                DEFAULT_TAKEOVER_AFTER_REFUSED, DEFAULT_DRAIN_PERIOD, "127.0.0.1", DEFAULT_LINK_PORT, false, Optional.empty());
    }

    /** Whether this is a pool of several nodes (else a single node). */
    public boolean isPool() {
        return !members.isEmpty();
    }

    public Optional<PoolMember> member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The members of one data center, in configuration order. */
    public List<PoolMember> inDataCenter(String dataCenter) {
        return members.stream().filter(m -> m.dataCenter().equals(dataCenter)).toList();
    }

    public PoolSettings withMembers(List<PoolMember> value) {
        return new PoolSettings(value, heartbeat, leaseExpiry, takeoverAfter, takeoverAfterRefused, drainPeriod, linkHost,
                linkPort, linkTls, linkCertificates);
    }

    /** Other timings; a refused writer is taken over after the smaller of its current delay and {@code takeoverAfterValue}. */
    public PoolSettings withTiming(Duration heartbeatValue, Duration leaseExpiryValue, Duration takeoverAfterValue,
            Duration drainPeriodValue) {
        return new PoolSettings(members, heartbeatValue, leaseExpiryValue, takeoverAfterValue, takeoverAfterRefused,
                drainPeriodValue, linkHost, linkPort, linkTls, linkCertificates);
    }

    public PoolSettings withLink(String host, int port) {
        return new PoolSettings(members, heartbeat, leaseExpiry, takeoverAfter, takeoverAfterRefused, drainPeriod, host, port,
                linkTls, linkCertificates);
    }

    /** Mutual TLS on the link with these certificates (the pool CA's, see {@code pchat cert pool}). */
    public PoolSettings withLinkTls(TlsSettings certificates) {
        return new PoolSettings(members, heartbeat, leaseExpiry, takeoverAfter, takeoverAfterRefused, drainPeriod, linkHost,
                linkPort, true, Optional.of(certificates));
    }

    public String describe() {
        if (!isPool()) {
            return "pool=(single node)";
        }
        StringBuilder b = new StringBuilder();
        for (PoolMember m : members) {
            b.append("\npool.nodes=").append(m);
        }
        return b.substring(1) + "\npool.heartbeat=" + heartbeat + "\npool.leaseExpiry=" + leaseExpiry
                + "\npool.takeoverAfter=" + takeoverAfter + "\npool.takeoverAfterRefused=" + takeoverAfterRefused
                + "\npool.drainPeriod=" + drainPeriod + "\npool.link=" + linkHost
                + ":" + linkPort + (linkTls ? " (mutual TLS)" : "");
    }
}
