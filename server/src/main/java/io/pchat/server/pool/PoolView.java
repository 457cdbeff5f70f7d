package io.pchat.server.pool;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.pool.PoolState;

/**
 * What this node knows of the pool after one heartbeat: the pool record as read from the
 * writing endpoint, the nodes with a live lease, and this node's own standing.
 *
 * <p>Invariant: {@code liveActive} is the admin-set active list restricted to nodes with a live
 * lease, and contains this node only while its own lease is live by its own clock; rooms are
 * owned only among {@code liveActive}.
 *
 * @param leased     nodes whose lease has not expired (active or not)
 * @param selfActive this node is in the active list and its lease is live: it takes sessions and owns rooms
 * @param writer     the endpoint this node writes to
 */
public record PoolView(long epoch, PoolState state, List<String> activeList, Set<String> leased, List<String> liveActive,
        boolean selfActive, EndpointRole writer, Instant at) {

    public PoolView {
        activeList = List.copyOf(activeList);
        leased = Set.copyOf(leased);
        liveActive = List.copyOf(liveActive);
    }

    /** Before the first heartbeat: nothing is known, nothing is owned. */
    public static PoolView unknown() {
        return new PoolView(0, PoolState.NORMAL, List.of(), Set.of(), List.of(), false, EndpointRole.PRIMARY, Instant.EPOCH);
    }

    /** The owner of a room, or null when no node is live and active. */
    public String ownerOf(String roomId) {
        return Rendezvous.owner(roomId, liveActive).orElse(null);
    }
}
