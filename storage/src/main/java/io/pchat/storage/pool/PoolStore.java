package io.pchat.storage.pool;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import io.pchat.storage.StorageException;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.db.SqlTime;

/**
 * The pool record (state, epoch, active nodes) and the node leases. Invariants: the epoch only
 * grows, by exactly one per state change, and only for a caller that names the epoch it saw
 * (compare-and-set under the pool record's row lock); this node's {@link PoolEpoch} is advanced
 * to every epoch it sets or reads. Lease renewals are fenced but are not metadata changes (they
 * are not replicated: each data center's nodes renew on the endpoint they write to).
 *
 * <p>Blocking: JDBC on the caller's thread; call it from storage threads, never an event loop. The
 * heartbeat's reads and writes (record, leases, probes) use each endpoint's small pool of checks
 * ({@link Database#inControlTransaction}): an endpoint that is gone costs them the probe timeout,
 * not the connection timeout of normal work.
 */
public final class PoolStore {
    private final Endpoints endpoints;
    private final PoolEpoch epoch;
    private final Clock clock;

    public PoolStore(Endpoints endpoints, PoolEpoch epoch, Clock clock) {
        this.endpoints = endpoints;
        this.epoch = epoch;
        this.clock = clock;
    }

    /**
     * The pool record; also advances this node's epoch to the one read, unless the endpoint is
     * retired (its epoch is the new writer's: adopting it would let this node's copies pass the
     * new writer's fence before this node follows it).
     */
    public PoolRecord read() {
        PoolRecord record = endpoints.writer().inControlTransaction(PoolStore::read);
        if (record.state() != PoolState.RETIRED) {
            epoch.advanceTo(record.epoch());
        }
        return record;
    }

    /** Replaces the active node list. */
    public List<String> setActiveNodes(Collection<String> nodeIds) {
        List<String> ids = checkIds(nodeIds);
        return endpoints.writeMetadata(epoch.current(), c -> {
            Jdbc.update(c, "DELETE FROM pool_active_node");
            insertNodes(c, ids);
            return activeNodes(c);
        });
    }

    /** Adds nodes to the active list (those already there stay). */
    public List<String> addActiveNodes(Collection<String> nodeIds) {
        List<String> ids = checkIds(nodeIds);
        return endpoints.writeMetadata(epoch.current(), c -> {
            insertNodes(c, ids);
            return activeNodes(c);
        });
    }

    /** Removes nodes from the active list. */
    public List<String> removeActiveNodes(Collection<String> nodeIds) {
        List<String> ids = checkIds(nodeIds);
        return endpoints.writeMetadata(epoch.current(), c -> {
            for (String id : ids) {
                Jdbc.update(c, "DELETE FROM pool_active_node WHERE node_id = ?", id);
            }
            return activeNodes(c);
        });
    }

    /**
     * Sets the pool state and raises the epoch by one, if the epoch is still
     * {@code expectedEpoch}; returns the new epoch. Otherwise refuses with
     * {@link io.pchat.storage.FencedWriteException} (someone else changed the pool first).
     */
    public long changeState(long expectedEpoch, PoolState state) {
        return changeState(expectedEpoch, state, null);
    }

    /** As {@link #changeState(long, PoolState)}, replacing the active nodes in the same transaction (failover, swap). */
    public long changeState(long expectedEpoch, PoolState state, Collection<String> activeNodes) {
        Objects.requireNonNull(state, "state");
        List<String> ids = activeNodes == null ? null : checkIds(activeNodes);
        long next = endpoints.writeMetadata(expectedEpoch, c -> {
            // The fence above locked the row at expectedEpoch; the condition repeats it for safety.
            if (Jdbc.update(c, "UPDATE pool_state SET state = ?, epoch = epoch + 1, updated_at = ? WHERE id = 1 AND epoch = ?",
                    state, clock.instant(), expectedEpoch) != 1) {
                throw new StorageException("pool record changed under its lock");
            }
            if (ids != null) {
                Jdbc.update(c, "DELETE FROM pool_active_node");
                insertNodes(c, ids);
            }
            return expectedEpoch + 1;
        });
        epoch.advanceTo(next);
        return next;
    }

    /**
     * Renews (or takes) {@code nodeId}'s lease until the database's now + {@code ttl}, fenced by
     * {@code nodeEpoch}: a node cut off by a failover cannot renew. The lease's times are the
     * database's, not this node's clock (see {@link LeaseTable}).
     */
    public NodeLease renew(String nodeId, String dataCenter, long nodeEpoch, Duration ttl) {
        Objects.requireNonNull(dataCenter, "dataCenter");
        String id = checkId(nodeId);
        Database writer = endpoints.writer();
        return writer.inFencedControlTransaction(nodeEpoch, c -> {
            Instant now = SqlTime.databaseNow(c, writer.dialect());
            NodeLease lease = new NodeLease(id, dataCenter, nodeEpoch, now, SqlTime.truncate(now.plus(ttl)));
            if (Jdbc.update(c, "UPDATE node_lease SET data_center = ?, epoch = ?, renewed_at = ?, expires_at = ?"
                    + " WHERE node_id = ?", lease.dataCenter(), lease.epoch(), now, lease.expiresAt(), lease.nodeId()) == 0) {
                Jdbc.update(c, "INSERT INTO node_lease (node_id, data_center, epoch, renewed_at, expires_at)"
                        + " SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM node_lease WHERE node_id = ?)",
                        lease.nodeId(), lease.dataCenter(), lease.epoch(), now, lease.expiresAt(), lease.nodeId());
            }
            return lease;
        });
    }

    /** The leases that have not expired by the database's clock, by node id. */
    public List<NodeLease> liveLeases() {
        return leaseTable().live();
    }

    /** The live leases with the database's time of the read: what another node's view is built from. */
    public LeaseTable leaseTable() {
        Database writer = endpoints.writer();
        return writer.inControlTransaction(c -> {
            Instant now = SqlTime.databaseNow(c, writer.dialect());
            return new LeaseTable(now, Jdbc.list(c, "SELECT node_id, data_center, epoch, renewed_at, expires_at"
                    + " FROM node_lease WHERE expires_at > ? ORDER BY node_id", PoolStore::lease, now));
        });
    }

    /**
     * Reads the pool state and epoch from every configured endpoint directly (primary, mirror,
     * backup, in that order), each within its connection timeout; {@code tryWrites} also tests
     * whether each answering endpoint takes a write (a promoted standby does, a read-only one does
     * not). Never throws for an endpoint that is down: its probe says so.
     */
    public List<EndpointProbe> probe(boolean tryWrites) {
        List<EndpointProbe> probes = new ArrayList<>(3);
        probes.add(probe(EndpointRole.PRIMARY, endpoints.primary(), tryWrites));
        endpoints.mirror().ifPresent(m -> probes.add(probe(EndpointRole.MIRROR, m, tryWrites)));
        endpoints.backup().ifPresent(b -> probes.add(probe(EndpointRole.BACKUP, b, tryWrites)));
        return probes;
    }

    /** The probe of one configured endpoint, or empty when that role is not configured. */
    public Optional<EndpointProbe> probe(EndpointRole role) {
        return probe(role, false);
    }

    /** As {@link #probe(EndpointRole)}, also testing whether it takes a write when {@code tryWrites}. */
    public Optional<EndpointProbe> probe(EndpointRole role, boolean tryWrites) {
        return switch (role) {
            case PRIMARY -> Optional.of(probe(role, endpoints.primary(), tryWrites));
            case MIRROR -> endpoints.mirror().map(m -> probe(role, m, tryWrites));
            case BACKUP -> endpoints.backup().map(b -> probe(role, b, tryWrites));
        };
    }

    private static EndpointProbe probe(EndpointRole role, Database db, boolean tryWrites) {
        try {
            PoolRecord record = db.inControlTransaction(PoolStore::read);
            boolean writes = false;
            if (tryWrites) {
                try {
                    writes = db.inControlTransaction(c -> Jdbc.update(c, "UPDATE pool_state SET epoch = epoch WHERE id = 1") == 1);
                } catch (StorageException e) {
                    writes = false;
                }
            }
            return new EndpointProbe(role, db.name(), true, record.state(), record.epoch(), writes, null);
        } catch (StorageException e) {
            return new EndpointProbe(role, db.name(), false, null, 0, false, e.getMessage());
        }
    }

    /** Ends a node's lease at once (orderly shutdown, or an admin removing a dead node); false when it had none. */
    public boolean expire(String nodeId) {
        String id = checkId(nodeId);
        return endpoints.writer().inFencedControlTransaction(epoch.current(),
                c -> Jdbc.update(c, "DELETE FROM node_lease WHERE node_id = ?", id) == 1);
    }

    private static PoolRecord read(Connection c) throws SQLException {
        List<String> nodes = activeNodes(c);
        return Jdbc.one(c, "SELECT state, epoch, metadata_version, updated_at FROM pool_state WHERE id = 1",
                rs -> new PoolRecord(PoolState.valueOf(rs.getString("state")), rs.getLong("epoch"), nodes,
                        rs.getLong("metadata_version"), SqlTime.get(rs, "updated_at")))
                .orElseThrow(() -> new StorageException("pool_state has no row: the schema was not migrated"));
    }

    private static List<String> activeNodes(Connection c) throws SQLException {
        return Jdbc.list(c, "SELECT node_id FROM pool_active_node ORDER BY node_id", rs -> rs.getString(1));
    }

    private static void insertNodes(Connection c, List<String> ids) throws SQLException {
        for (String id : ids) {
            Jdbc.update(c, "INSERT INTO pool_active_node (node_id) SELECT ? WHERE NOT EXISTS"
                    + " (SELECT 1 FROM pool_active_node WHERE node_id = ?)", id, id);
        }
    }

    private static List<String> checkIds(Collection<String> ids) {
        return List.copyOf(new TreeSet<>(ids.stream().map(PoolStore::checkId).toList()));
    }

    private static String checkId(String id) {
        String trimmed = id == null ? "" : id.strip();
        if (trimmed.isEmpty() || trimmed.length() > 128) {
            throw new IllegalArgumentException("node id must have 1 to 128 characters");
        }
        return trimmed;
    }

    private static NodeLease lease(ResultSet rs) throws SQLException {
        return new NodeLease(rs.getString("node_id"), rs.getString("data_center"), rs.getLong("epoch"),
                SqlTime.get(rs, "renewed_at"), SqlTime.get(rs, "expires_at"));
    }
}
