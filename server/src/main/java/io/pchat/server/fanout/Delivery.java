package io.pchat.server.fanout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.pchat.server.room.Participant;
import io.pchat.server.room.RoomPartition;
import io.pchat.server.session.ClientSession;

/**
 * One message's delivery to one room partition, run on the partition's event loop: the shared
 * body is written to the dialogs of the partition, flushing each chunk of {@link #FLUSH_EVERY}
 * dialogs once written, then this task's reference to the body is released.
 *
 * <p>Invariant: holds exactly one reference to {@code body}, released exactly once by {@link #run}
 * (or by the submitter if the loop refuses the task). Nothing is allocated per recipient.
 */
final class Delivery implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    /** Dialogs written between two rounds of flushes. */
    static final int FLUSH_EVERY = 1024;

    private final RoomPartition partition;
    private final ByteBuf body;
    private final long durableAt;
    private final FanOutObserver observer;

    Delivery(RoomPartition partition, ByteBuf body, long durableAt, FanOutObserver observer) {
        this.partition = partition;
        this.body = body;
        this.durableAt = durableAt;
        this.observer = observer;
    }

    @Override
    public void run() {
        // Read the array when the task runs: a dialog that parted meanwhile gets nothing more.
        Participant[] participants = partition.participants();
        int written = 0;
        try {
            // Flush in chunks: a huge partition written whole before any flush would hold every
            // pending write at once (and exhaust Netty's recyclers for the buffer wrappers).
            for (int from = 0; from < participants.length; from += FLUSH_EVERY) {
                int to = Math.min(participants.length, from + FLUSH_EVERY);
                for (int i = from; i < to; i++) {
                    ClientSession session = participants[i].session();
                    if (session.isOpen()) {
                        try {
                            session.sendShared(body);
                            written++;
                        } catch (RuntimeException e) {
                            log.warn("delivery to {} failed", session.id(), e);
                        }
                    }
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
            body.release();
        }
        observer.delivered(written, System.nanoTime() - durableAt);
    }
}
