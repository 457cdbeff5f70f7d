package io.pchat.server.room;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

import io.pchat.server.session.ClientSession;

/**
 * Which dialogs are joined to which rooms on this node. A room is here exactly while at least
 * one dialog is joined to it.
 *
 * <p>Thread-safety: joins and leaves run inside the map's per-key {@code compute}, so creating a
 * room on its first join and dropping it on its last leave cannot race with each other; reads
 * ({@link #room}) take no lock. Room ids are compared case-insensitively, as on the wire.
 */
public final class LiveRooms {
    /** Told of every join and leave after it happened (a pool announces them to the other nodes). */
    public interface Listener {
        void joined(Participant p);

        void left(Participant p);
    }

    /** A user joined to a room on another node of the pool. */
    public record RemoteUser(String user, boolean manager) {
    }

    /** Who is joined on the other nodes (a pool's roster); none on a single node. */
    public interface Elsewhere {
        List<RemoteUser> usersIn(String roomId);
    }

    private final ConcurrentHashMap<String, LiveRoom> rooms = new ConcurrentHashMap<>();
    private volatile Listener listener;
    private volatile Elsewhere elsewhere = roomId -> List.of();

    /** Sets where the participants on other nodes are known (before sessions arrive). */
    public void elsewhere(Elsewhere value) {
        this.elsewhere = value;
    }

    /** The users joined to the room on other nodes of the pool. */
    public List<RemoteUser> remoteUsers(String roomId) {
        return elsewhere.usersIn(roomId);
    }

    /** Sets the one listener (before sessions arrive). */
    public void listen(Listener value) {
        this.listener = value;
    }

    /** Every participant of every room here (a snapshot, for announcing to a node that connects). */
    public List<Participant> participants() {
        List<Participant> all = new ArrayList<>();
        for (LiveRoom room : rooms.values()) {
            all.addAll(room.participants());
        }
        return all;
    }

    /** Joins the participant's session to its room; false when that session was joined already. */
    public boolean join(Participant p) {
        boolean[] added = new boolean[1];
        rooms.compute(key(p.roomId()), (k, room) -> {
            LiveRoom r = room == null ? new LiveRoom(p.roomId()) : room;
            added[0] = r.add(p);
            return r;
        });
        Listener l = listener;
        if (added[0] && l != null) {
            l.joined(p);
        }
        return added[0];
    }

    /** Takes the session out of the room; returns its participant, or null when it was not joined. */
    public Participant leave(String roomId, ClientSession session) {
        Participant[] removed = new Participant[1];
        rooms.computeIfPresent(key(roomId), (k, room) -> {
            removed[0] = room.remove(session);
            return room.isEmpty() ? null : room;
        });
        Listener l = listener;
        if (removed[0] != null && l != null) {
            l.left(removed[0]);
        }
        return removed[0];
    }

    /** The live room, or null when nobody is joined to it on this node. */
    public LiveRoom room(String roomId) {
        return rooms.get(key(roomId));
    }

    /** The number of distinct users joined to the room on this node. */
    public int userCount(String roomId) {
        LiveRoom room = room(roomId);
        return room == null ? 0 : room.users().size();
    }

    /** The number of rooms with someone joined. */
    public int size() {
        return rooms.size();
    }

    static String key(String roomId) {
        return roomId.toLowerCase(Locale.ROOT);
    }
}
