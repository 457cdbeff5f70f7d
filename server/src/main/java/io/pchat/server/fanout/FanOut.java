package io.pchat.server.fanout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.pchat.protocol.xccos.EncodedGroupChat;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.room.LiveRoom;
import io.pchat.server.room.LiveRooms;
import io.pchat.server.room.RoomPartition;
import io.pchat.storage.log.DurableMessages;
import io.pchat.storage.log.StoredMessage;

/**
 * Delivers durable messages to the dialogs joined to their room on this node (docs/design.md "Path
 * of a message", step 5).
 *
 * <p>Per message: the {@code grpchat} delivery (the node's author, ts and msgid) is encoded once
 * into one pooled buffer with one node envid, then one {@link Delivery} task is submitted to
 * each event loop that has participants in the room; that task writes the shared body to each
 * of its dialogs. The messages of one room committed in one batch travel in one task per event
 * loop, so each dialog is flushed once for all of them. Nothing is encoded or allocated per
 * recipient.
 *
 * <p>Threading: {@link #durable} is called by the message log's writer thread with this node's
 * own messages, in batch order; {@link #deliver} by the node link's event loops with the copies
 * of rooms owned by other nodes. While a room changes owner both may deliver it at once, so the
 * check of a room's msgids and the hand-over of its tasks happen under the room's own fan-out
 * lock ({@link LiveRoom#fanOutOrder()}), uncontended otherwise.
 *
 * <p>Invariant: the msgids a room hands to its partitions only go up (a late message is
 * dropped), and each event loop runs its tasks in submission order, so every dialog sees a
 * room's messages in msgid order, each at most once since a dialog sits in exactly one partition
 * of the room.
 */
public final class FanOut implements DurableMessages {
    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final LiveRooms rooms;
    private final EnvelopeIds ids;
    private final String domain;
    private final ByteBufAllocator allocator;
    private volatile FanOutObserver observer = FanOutObserver.NONE;

    public FanOut(LiveRooms rooms, EnvelopeIds ids, String domain, ByteBufAllocator allocator) {
        this.rooms = rooms;
        this.ids = ids;
        this.domain = domain;
        this.allocator = allocator;
    }

    /** Who is told of each finished delivery (metrics); {@link FanOutObserver#NONE} by default. */
    public void observe(FanOutObserver value) {
        this.observer = value == null ? FanOutObserver.NONE : value;
    }

    /**
     * The message log's commit hook: every durable message, in msgid order per room. The messages
     * of one room in one batch go to each partition as one task, so a dialog gets them all written
     * before a single flush (one gathering write per connection instead of one per message).
     */
    @Override
    public void durable(List<StoredMessage> batch) {
        if (batch.size() == 1) {
            deliver(batch.get(0));
            return;
        }
        // Group by room, keeping each room's msgid order; rooms are independent of each other.
        Map<String, List<StoredMessage>> byRoom = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            StoredMessage m = batch.get(i);
            byRoom.computeIfAbsent(m.roomId(), r -> new ArrayList<>()).add(m);
        }
        for (List<StoredMessage> messages : byRoom.values()) {
            deliver(messages);
        }
    }

    /** Sends the stored message to every dialog joined to its room here. Short; never blocks. */
    public void deliver(StoredMessage message) {
        deliver(List.of(message));
    }

    /**
     * Sends one room's messages (msgid order) to every dialog joined to it here, one task per
     * partition. A message whose msgid is not above the last one fanned out in the room is
     * dropped: it is a late copy from the room's previous owner, and a dialog must see the room's
     * msgids go up (a client reads what it missed from the history).
     */
    private void deliver(List<StoredMessage> messages) {
        String roomId = messages.get(0).roomId();
        LiveRoom room = rooms.room(roomId);
        if (room == null) {
            return;
        }
        synchronized (room.fanOutOrder()) {
            List<StoredMessage> fresh = above(room.lastFannedOut(), messages, roomId);
            RoomPartition[] partitions = room.partitions();
            if (fresh.isEmpty() || partitions.length == 0) {
                return;
            }
            room.fannedOut(fresh.get(fresh.size() - 1).msgid());
            submit(roomId, partitions, fresh);
        }
    }

    private static List<StoredMessage> above(long last, List<StoredMessage> messages, String roomId) {
        if (messages.get(0).msgid() > last) {
            return messages; // the usual case: nothing late
        }
        List<StoredMessage> fresh = new ArrayList<>(messages.size());
        long highest = last;
        for (StoredMessage m : messages) {
            if (m.msgid() > highest) {
                fresh.add(m);
                highest = m.msgid();
            } else {
                log.debug("msgid {} of {} arrived after msgid {}: not fanned out (late copy of a previous owner)",
                        m.msgid(), roomId, highest);
            }
        }
        return fresh;
    }

    private void submit(String roomId, RoomPartition[] partitions, List<StoredMessage> messages) {
        long durableAt = System.nanoTime();
        FanOutObserver watcher = observer;
        ByteBuf[] bodies = new ByteBuf[messages.size()];
        try {
            for (int i = 0; i < bodies.length; i++) {
                bodies[i] = encode(messages.get(i));
            }
            for (RoomPartition partition : partitions) {
                for (ByteBuf body : bodies) {
                    body.retain();
                }
                try {
                    partition.loop().execute(new Delivery(partition, bodies, durableAt, watcher));
                } catch (RejectedExecutionException e) {
                    for (ByteBuf body : bodies) {
                        body.release();
                    }
                    log.debug("event loop shut down; {} message(s) of {} not delivered there", bodies.length, roomId);
                }
            }
        } finally {
            for (ByteBuf body : bodies) {
                if (body != null) {
                    body.release();
                }
            }
        }
    }

    /** The message's {@code grpchat} delivery with a fresh node envid, in one direct buffer. */
    private ByteBuf encode(StoredMessage message) {
        long envid = ids.next();
        // The delivery's seqid is its envid: one encoding serves every dialog.
        GroupChat delivery = new GroupChat(envid, RoomUri.of(domain, message.roomId()).toString(), message.author(),
                message.ts(), message.msgid(), message.text(), message.alert(), message.storyTitle());
        EncodedGroupChat encoded = EncodedGroupChat.of(delivery);
        int length = encoded.envelopeLength(envid);
        // Direct, copied once here: a heap body would be copied into a direct buffer by the
        // transport for every recipient it is written to.
        ByteBuf body = allocator.directBuffer(length, length);
        try {
            return body.writeBytes(encoded.envelope(envid));
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
    }
}
