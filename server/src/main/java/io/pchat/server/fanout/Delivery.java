package io.pchat.server.fanout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.pchat.server.room.Participant;
import io.pchat.server.room.RoomPartition;
import io.pchat.server.session.ClientSession;

/**
 * One room's messages (one or more, msgid order) delivered to one room partition, run on the
 * partition's event loop: each dialog is written every message, then flushed once, in chunks of
 * at most {@link #PENDING_WRITES} pending messages; then this task's references to the bodies are
 * released.
 *
 * <p>Invariant: holds exactly one reference to each body, released exactly once by {@link #run}
 * (or by the submitter if the loop refuses the task). Nothing is allocated per recipient.
 */
final class Delivery implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    /** Messages written (dialogs x bodies) between two rounds of flushes. */
    static final int PENDING_WRITES = 1024;

    private final RoomPartition partition;
    private final ByteBuf[] bodies;
    private final long durableAt;
    private final FanOutObserver observer;

    Delivery(RoomPartition partition, ByteBuf[] bodies, long durableAt, FanOutObserver observer) {
        this.partition = partition;
        this.bodies = bodies;
        this.durableAt = durableAt;
        this.observer = observer;
    }

    @Override
    public void run() {
        // Read the array when the task runs: a dialog that parted meanwhile gets nothing more.
        Participant[] participants = partition.participants();
        // Flush in chunks: a huge partition written whole before any flush would hold every
        // pending write at once (and exhaust Netty's recyclers for the buffer wrappers).
        int chunk = Math.max(1, PENDING_WRITES / bodies.length);
        int written = 0;
        try {
            for (int from = 0; from < participants.length; from += chunk) {
                int to = Math.min(participants.length, from + chunk);
                for (int i = from; i < to; i++) {
                    written += write(participants[i].session());
                }
                for (int i = from; i < to; i++) {
                    try {
                        participants[i].session().flush();
                    } catch (RuntimeException e) {
                        log.warn("flush of {} failed", participants[i].session().id(), e);
                    }
                }
            }
        } finally {
            for (ByteBuf body : bodies) {
                body.release();
            }
        }
        observer.delivered(written, System.nanoTime() - durableAt);
    }

    /** Writes every body to the session (if open) and returns how many were written. */
    private int write(ClientSession session) {
        if (!session.isOpen()) {
            return 0;
        }
        int written = 0;
        try {
            for (ByteBuf body : bodies) {
                session.sendShared(body);
                written++;
            }
        } catch (RuntimeException e) {
            log.warn("delivery to {} failed", session.id(), e);
        }
        return written;
    }
}
