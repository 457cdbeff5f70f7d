package io.pchat.server.fanout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.log.MessageLog;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.log.StoredMessage;

/**
 * Appends posts to the message log and hands each durable message to {@link FanOut} in msgid
 * order per room.
 *
 * <p>Why this is needed: the log completes a room's futures in msgid order on its writer thread,
 * so a callback runs there in order, except when the future completed before the callback was
 * attached: then the callback runs on the attaching thread (the poster's event loop), possibly
 * after the writer has already delivered the next message. To keep order anyway, each room has a
 * line of its appends in flight: a completed message is held while an earlier append of the same
 * room may still hand in a smaller msgid (its future is not yet known, or completed but its
 * callback has not run). A future not yet completed cannot hold a smaller msgid than a completed
 * one (the log completes in msgid order), so in the usual case nothing is held and delivery runs
 * on the writer thread at once.
 *
 * <p>Invariant: for each room, {@link FanOut#deliver} is called in increasing msgid order, under
 * the room line's lock (never concurrently), and once per stored message. Lines are kept for the
 * node's life: one small object per room posted to on this node.
 */
public final class DeliveryOrder {
    private static final Logger log = LoggerFactory.getLogger(DeliveryOrder.class);

    /** One append in flight: its future is set right after {@link MessageLog#append} returns. */
    private static final class Slot {
        volatile CompletableFuture<StoredMessage> future;
    }

    /** A room's appends in flight and completed messages waiting for a predecessor; guarded by itself. */
    private static final class Line {
        final List<Slot> inFlight = new ArrayList<>(4);
        final PriorityQueue<StoredMessage> held = new PriorityQueue<>(Comparator.comparingLong(StoredMessage::msgid));
    }

    private final MessageLog messageLog;
    private final FanOut fanOut;
    private final ConcurrentHashMap<String, Line> lines = new ConcurrentHashMap<>();

    public DeliveryOrder(MessageLog messageLog, FanOut fanOut) {
        this.messageLog = messageLog;
        this.fanOut = fanOut;
    }

    /**
     * Appends the message; the returned future is the log's (durable, or failed with nothing
     * stored). Once durable the message is delivered in its room's order.
     */
    public CompletableFuture<StoredMessage> append(NewMessage message) {
        Line line = lines.computeIfAbsent(message.roomId(), k -> new Line());
        Slot slot = new Slot();
        synchronized (line) {
            line.inFlight.add(slot);
        }
        CompletableFuture<StoredMessage> future;
        try {
            future = messageLog.append(message);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        slot.future = future;
        future.whenComplete((stored, error) -> handIn(line, slot, stored));
        drain(line); // a completed predecessor may have been waiting for this slot's future to be known
        return future;
    }

    private void handIn(Line line, Slot slot, StoredMessage stored) {
        synchronized (line) {
            line.inFlight.remove(slot);
            if (stored != null) {
                line.held.add(stored);
            }
        }
        drain(line);
    }

    private void drain(Line line) {
        synchronized (line) {
            while (!line.held.isEmpty()) {
                StoredMessage head = line.held.peek();
                if (mayPrecede(line, head)) {
                    return; // the append that may precede it will drain when it hands in
                }
                line.held.poll();
                try {
                    fanOut.deliver(head);
                } catch (RuntimeException e) {
                    log.error("fan-out of message {} in {} failed", head.msgid(), head.roomId(), e);
                }
            }
        }
    }

    /** Whether an append in flight may still hand in a msgid below {@code head}'s. Caller holds the line. */
    private static boolean mayPrecede(Line line, StoredMessage head) {
        for (Slot slot : line.inFlight) {
            CompletableFuture<StoredMessage> f = slot.future;
            if (f == null) {
                return true;
            }
            if (f.isDone() && !f.isCompletedExceptionally()) {
                StoredMessage other = f.getNow(null);
                if (other != null && other.msgid() < head.msgid()) {
                    return true;
                }
            }
        }
        return false;
    }
}
