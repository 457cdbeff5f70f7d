package io.pchat.server.room;

import java.util.Arrays;

import io.netty.channel.EventLoop;
import io.pchat.server.session.ClientSession;

/**
 * The participants of one room whose dialogs live on one event loop: the unit of fan-out (one
 * task per partition per message, run on that loop, looping over a plain array).
 *
 * <p>Invariant: every participant's session is owned by {@link #loop()}; a session appears at
 * most once. The array is copy-on-write: readers (fan-out tasks, any thread) take the volatile
 * array and never see it change; writers replace it while holding the owning {@link LiveRoom}'s
 * lock.
 */
public final class RoomPartition {
    private static final Participant[] NONE = {};

    private final EventLoop loop;
    private volatile Participant[] participants = NONE;

    RoomPartition(EventLoop loop) {
        this.loop = loop;
    }

    public EventLoop loop() {
        return loop;
    }

    /** The current participants; the caller must not modify the array. */
    public Participant[] participants() {
        return participants;
    }

    /** Adds {@code p} unless its session is here already. Caller holds the room's lock. */
    boolean add(Participant p) {
        Participant[] current = participants;
        if (indexOf(current, p.session()) >= 0) {
            return false;
        }
        Participant[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = p;
        participants = next;
        return true;
    }

    /** Removes the session's participant, returning it, or null. Caller holds the room's lock. */
    Participant remove(ClientSession session) {
        Participant[] current = participants;
        int i = indexOf(current, session);
        if (i < 0) {
            return null;
        }
        Participant removed = current[i];
        Participant[] next = new Participant[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        participants = next;
        return removed;
    }

    Participant find(ClientSession session) {
        Participant[] current = participants;
        int i = indexOf(current, session);
        return i < 0 ? null : current[i];
    }

    private static int indexOf(Participant[] ps, ClientSession session) {
        for (int i = 0; i < ps.length; i++) {
            if (ps[i].session() == session) {
                return i;
            }
        }
        return -1;
    }
}
