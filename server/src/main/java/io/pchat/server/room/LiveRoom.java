package io.pchat.server.room;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.netty.channel.EventLoop;
import io.pchat.server.session.ClientSession;

/**
 * A room with at least one dialog joined on this node: its participants, partitioned by the
 * event loop that owns each dialog.
 *
 * <p>Thread-safety: joins and parts come from many event loops and are rare next to messages;
 * they take this object's lock and replace the (copy-on-write) partition arrays. Fan-out, which
 * runs on the message log's writer thread (this node's own messages) and on the node link's event
 * loops (copies from the rooms' owners on other nodes), reads the volatile arrays and takes only
 * {@link #fanOutOrder()}, a lock of its own that two threads contend for only while the room
 * changes owner. Invariant: at most one partition per event loop, no empty partition, a session
 * in at most one partition; the msgids handed to the partitions only go up.
 */
public final class LiveRoom {
    private static final RoomPartition[] NONE = {};

    private final String id;
    private volatile RoomPartition[] partitions = NONE;
    private int size; // guarded by this
    private final Object fanOutOrder = new Object();
    private long lastFannedOut; // guarded by fanOutOrder

    LiveRoom(String id) {
        this.id = id;
    }

    /** The room id as the store spells it. */
    public String id() {
        return id;
    }

    /** One partition per event loop with participants; the caller must not modify the array. */
    public RoomPartition[] partitions() {
        return partitions;
    }

    /**
     * Held while a batch of this room's messages is checked against {@link #lastFannedOut()} and
     * handed to the partitions' loops, so that the loops receive the room's messages in msgid order
     * even when two threads deliver them (the old and the new owner's copies during a handover).
     */
    public Object fanOutOrder() {
        return fanOutOrder;
    }

    /** The highest msgid handed to the partitions so far (0: none). Hold {@link #fanOutOrder()}. */
    public long lastFannedOut() {
        assert Thread.holdsLock(fanOutOrder);
        return lastFannedOut;
    }

    /** Records {@code msgid} as handed to the partitions. Hold {@link #fanOutOrder()}. */
    public void fannedOut(long msgid) {
        assert Thread.holdsLock(fanOutOrder);
        lastFannedOut = msgid;
    }

    /** The number of joined dialogs. */
    public synchronized int size() {
        return size;
    }

    public synchronized boolean isEmpty() {
        return size == 0;
    }

    /** Adds the participant; false (and nothing changes) when its session is already joined. */
    synchronized boolean add(Participant p) {
        EventLoop loop = p.session().eventLoop();
        RoomPartition[] current = partitions;
        for (RoomPartition partition : current) {
            if (partition.loop() == loop) {
                boolean added = partition.add(p);
                if (added) {
                    size++;
                }
                return added;
            }
        }
        RoomPartition partition = new RoomPartition(loop);
        partition.add(p);
        RoomPartition[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = partition;
        partitions = next;
        size++;
        return true;
    }

    /** Removes the session, returning its participant, or null when it was not joined. */
    synchronized Participant remove(ClientSession session) {
        RoomPartition[] current = partitions;
        for (int i = 0; i < current.length; i++) {
            if (current[i].loop() == session.eventLoop()) {
                Participant removed = current[i].remove(session);
                if (removed == null) {
                    return null;
                }
                size--;
                if (current[i].participants().length == 0) {
                    RoomPartition[] next = new RoomPartition[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    partitions = next;
                }
                return removed;
            }
        }
        return null;
    }

    /** The session's participant here, or null. */
    public Participant participant(ClientSession session) {
        for (RoomPartition partition : partitions) {
            if (partition.loop() == session.eventLoop()) {
                return partition.find(session);
            }
        }
        return null;
    }

    /** Every participant, a snapshot. */
    public List<Participant> participants() {
        List<Participant> all = new ArrayList<>();
        for (RoomPartition partition : partitions) {
            all.addAll(Arrays.asList(partition.participants()));
        }
        return all;
    }

    /** The distinct users joined, in join order per loop. */
    public Set<String> users() {
        Set<String> users = new LinkedHashSet<>();
        for (RoomPartition partition : partitions) {
            for (Participant p : partition.participants()) {
                users.add(p.user());
            }
        }
        return users;
    }
}
