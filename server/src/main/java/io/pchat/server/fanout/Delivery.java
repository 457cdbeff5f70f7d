package io.pchat.server.fanout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.pchat.server.room.Participant;
import io.pchat.server.room.RoomPartition;
import io.pchat.server.session.ClientSession;

/**
 * One message's delivery to one room partition, run on the partition's event loop: the shared
 * body is written to every dialog of the partition, then each dialog is flushed once, then this
 * task's reference to the body is released.
 *
 * <p>Invariant: holds exactly one reference to {@code body}, released exactly once by {@link #run}
 * (or by the submitter if the loop refuses the task). Nothing is allocated per recipient.
 */
final class Delivery implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

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
            for (Participant p : participants) {
                ClientSession session = p.session();
                if (session.isOpen()) {
                    try {
                        session.sendShared(body);
                        written++;
                    } catch (RuntimeException e) {
                        log.warn("delivery to {} failed", session.id(), e);
                    }
                }
            }
            for (Participant p : participants) {
                try {
                    p.session().flush();
                } catch (RuntimeException e) {
                    log.warn("flush of {} failed", p.session().id(), e);
                }
            }
        } finally {
            body.release();
        }
        observer.delivered(written, System.nanoTime() - durableAt);
    }
}
