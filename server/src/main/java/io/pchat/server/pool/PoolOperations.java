package io.pchat.server.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.ChatStore;
import io.pchat.storage.StorageException;
import io.pchat.storage.StorageUnavailableException;
import io.pchat.storage.config.ReplicationMode;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.db.SqlTime;
import io.pchat.storage.replication.FailbackReport;
import io.pchat.storage.replication.FailoverReport;
import io.pchat.storage.replication.RecoveryPoint;

/**
 * What an operator does to the pool (the admin API's {@code /pool} resources and
 * {@code pchat admin pool}): change the active list, swap the data centers, fail over to the
 * other data center and fail back. Each change is made on the writing endpoint, then this node
 * beats at once so its view (and its answer) already reflects it; the other nodes see it at
 * their next heartbeat. Blocking: call from a storage thread.
 */
public final class PoolOperations {
    private static final Logger log = LoggerFactory.getLogger(PoolOperations.class);

    /** The outcome of a failover, with the recovery time once the first post after it succeeded. */
    public record Failover(FailoverReport report, String toDataCenter, List<String> activeNodes, Instant startedAt,
            Duration switchTime, Optional<Duration> recoveryTime) {
    }

    /** The outcome of a failback. */
    public record Failback(FailbackReport report, List<String> activeNodes, Duration switchTime) {
    }

    private final ChatPool pool;
    private final ChatStore store;
    private final Clock clock;

    public PoolOperations(ChatPool pool, ChatStore store, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.clock = clock;
    }

    public List<String> setActive(Collection<String> ids) {
        List<String> result = store.pool().setActiveNodes(members(ids));
        changed("active list set to " + result);
        return result;
    }

    public List<String> addActive(Collection<String> ids) {
        List<String> result = store.pool().addActiveNodes(members(ids));
        changed("active list is now " + result);
        return result;
    }

    public List<String> removeActive(Collection<String> ids) {
        List<String> result = store.pool().removeActiveNodes(members(ids));
        changed("active list is now " + result);
        return result;
    }

    /** Exchanges the active and the idle nodes (in one write): the idle ones become the active list. */
    public List<String> swap() {
        List<String> active = store.pool().read().activeNodes();
        List<String> idle = pool.settings().members().stream().map(PoolMember::id).filter(id -> !active.contains(id)).toList();
        if (idle.isEmpty()) {
            throw new IllegalArgumentException("every node is active: there is nothing to swap with");
        }
        List<String> result = store.pool().setActiveNodes(idle);
        changed("swapped: active list " + active + " -> " + result);
        return result;
    }

    /** What {@link #failover} to {@code dataCenter} would do and lose if run now; changes nothing. */
    public record FailoverPreview(String toDataCenter, List<String> activeNodes, RecoveryPoint recoveryPoint) {
    }

    public FailoverPreview previewFailover(String dataCenter) {
        return new FailoverPreview(dataCenter, nodesIn(dataCenter), store.replication().recoveryPoint());
    }

    /** The members of {@code dataCenter}; refused when it has none. */
    private List<String> nodesIn(String dataCenter) {
        List<String> nodes = pool.settings().inDataCenter(dataCenter).stream().map(PoolMember::id).toList();
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no node of the pool is in data center '" + dataCenter + "'");
        }
        return nodes;
    }

    /**
     * Fails the pool over to {@code dataCenter}: fences the old side and promotes the backup
     * (built-in, or a PostgreSQL standby pchat promotes; otherwise with external replication the
     * operator promoted it and the node follows), makes
     * that data center's nodes the active list, and waits up to {@code waitForPost} for the first
     * post stored after the command started (the recovery time).
     */
    public Failover failover(String dataCenter, Duration waitForPost) {
        List<String> nodes = nodesIn(dataCenter);
        Instant started = clock.instant();
        log.warn("FAILOVER to {} requested", dataCenter);
        FailoverReport report;
        if (store.replication().mode() == ReplicationMode.BUILTIN || store.replication().promotesStandby(EndpointRole.BACKUP)) {
            report = store.replication().promoteBackup(); // built-in, or a PostgreSQL standby pchat promotes
        } else {
            store.replication().follow(EndpointRole.BACKUP);
            report = new FailoverReport(store.endpoints().writer().epoch(), false, List.of(), Map.of(), Map.of());
        }
        List<String> active = store.pool().setActiveNodes(nodes);
        pool.beatNow();
        Duration switchTime = Duration.between(started, clock.instant());
        log.warn("FAILOVER done in {} ms: writer {}, epoch {}, active {}, {} messages not shipped", switchTime.toMillis(),
                store.endpoints().writer().name(), report.epoch(), active, report.lostMessages());
        Optional<Duration> recovery = firstPostAfter(started, waitForPost).map(t -> Duration.between(started, t));
        return new Failover(report, dataCenter, active, started, switchTime, recovery);
    }

    /**
     * Ships back (built-in; on PostgreSQL the primary, rebuilt as a standby of the backup, catches
     * up and is promoted), checks, returns to NORMAL on the primary, and makes {@code activeNodes} the active
     * list (empty: the home data center's nodes, the data center of the first node of
     * {@code pool.nodes}); the other nodes become idle and end their dialogs after the drain period.
     */
    public Failback failback(Collection<String> activeNodes) {
        List<String> next = activeNodes.isEmpty() ? pool.settings().inDataCenter(pool.settings().members().get(0).dataCenter())
                .stream().map(PoolMember::id).toList() : members(activeNodes);
        if (store.replication().mode() != ReplicationMode.BUILTIN && !store.replication().promotesStandby(EndpointRole.PRIMARY)) {
            throw new IllegalStateException("with external replication the database fails back (the operator or the"
                    + " driver); then run 'pchat admin pool active set'");
        }
        var primary = store.endpoints().primary();
        primary.evictConnections(); // connections made before its outage are dead
        if (!primary.isReachable()) { // (also clears the suspicion its outage left)
            throw new StorageUnavailableException("failback needs the primary database ("
                    + primary.name() + "), which does not answer: bring it back first", null);
        }
        Instant started = clock.instant();
        log.warn("FAILBACK requested");
        FailbackReport report = store.replication().failback();
        List<String> active = store.pool().setActiveNodes(next);
        pool.beatNow();
        Duration took = Duration.between(started, clock.instant());
        log.warn("FAILBACK done in {} ms: epoch {}, {} messages shipped back, active {}", took.toMillis(), report.epoch(),
                report.shipped(), active);
        return new Failback(report, active, took);
    }

    /** The time of the first message stored at or after {@code since}, waiting up to {@code wait} for one. */
    public Optional<Instant> firstPostAfter(Instant since, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            try {
                Optional<Instant> first = store.endpoints().read(c -> Jdbc.one(c,
                        "SELECT MIN(ts) AS first_ts FROM chat_message WHERE ts >= ?",
                        rs -> Optional.ofNullable(SqlTime.get(rs, "first_ts")), since)).flatMap(o -> o);
                if (first.isPresent()) {
                    return first;
                }
            } catch (StorageException e) {
                log.debug("first post not read yet: {}", e.getMessage());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        } while (System.nanoTime() - deadline < 0);
        return Optional.empty();
    }

    private List<String> members(Collection<String> ids) {
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            if (pool.settings().member(id.strip()).isEmpty()) {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("not members of the pool: " + unknown + " (members: "
                    + pool.settings().members().stream().map(PoolMember::id).toList() + ")");
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("name at least one node");
        }
        return new ArrayList<>(new TreeSet<>(ids.stream().map(String::strip).toList()));
    }

    private void changed(String what) {
        log.warn("pool: {}", what);
        pool.beatNow();
    }
}
