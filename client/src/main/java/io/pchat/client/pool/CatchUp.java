package io.pchat.client.pool;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.pchat.protocol.xccos.RoomUri;

/**
 * The catch-up after one reconnection of a {@link PoolClient}: the rooms it still waits for (each
 * settles when it is live again, refused or dropped) and how many messages history gave them,
 * for the one log line said when the last room settled. Confined to the client's thread.
 */
final class CatchUp {
    private final NodeAddress address;
    private final long lostAtNanos;
    private final Set<RoomUri> waiting;
    private final int rooms;
    private long messages;

    CatchUp(NodeAddress address, long lostAtNanos, Set<RoomUri> rooms) {
        this.address = address;
        this.lostAtNanos = lostAtNanos;
        this.waiting = rooms;
        this.rooms = rooms.size();
    }

    /** A message of {@code room} came from history. */
    void counted(RoomUri room) {
        if (waiting.contains(room)) {
            messages++;
        }
    }

    /** {@code room} no longer holds the catch-up up. */
    void settled(RoomUri room) {
        waiting.remove(room);
    }

    boolean done() {
        return waiting.isEmpty();
    }

    /** The log line of a finished catch-up. */
    String describe() {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAtNanos);
        return "reconnected to " + address + " after " + ms + " ms; caught up " + messages + " messages in " + rooms + " rooms";
    }
}
