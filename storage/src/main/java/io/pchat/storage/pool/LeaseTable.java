package io.pchat.storage.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The live leases as one read of the writing endpoint saw them, with the database's own time of
 * that read. Lease times are the database's (every node renews against its clock), so another
 * node compares them with {@code databaseNow}, never with its own clock: what is left of a lease
 * is {@code expiresAt - databaseNow}, a duration any node can count on its own clock.
 *
 * @param databaseNow the database's time when the leases were read
 * @param live        the leases with {@code expiresAt > databaseNow}, by node id
 */
public record LeaseTable(Instant databaseNow, List<NodeLease> live) {
    public LeaseTable {
        live = List.copyOf(live);
    }

    /** How long {@code lease} still runs after the read (zero or more). */
    public Duration remaining(NodeLease lease) {
        Duration left = Duration.between(databaseNow, lease.expiresAt());
        return left.isNegative() ? Duration.ZERO : left;
    }
}
