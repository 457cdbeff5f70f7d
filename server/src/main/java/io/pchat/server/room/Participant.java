package io.pchat.server.room;

import java.util.Objects;

import io.pchat.server.session.ClientSession;

/**
 * One dialog joined to one room on this node. The same object sits in the room's
 * {@link RoomPartition} (for fan-out) and in the session's own list of joined rooms (for
 * authorising its posts).
 *
 * <p>Invariant: {@code session}, {@code user} and {@code roomId} never change; the {@link Grant}
 * is replaced whole (a volatile write) when the room or the user's roles change, so any thread
 * reads either the old or the new grant, never a mix.
 */
public final class Participant {
    private final ClientSession session;
    private final String roomId;
    private final boolean viaBjoin;
    private volatile Grant grant;

    public Participant(ClientSession session, String roomId, Grant grant, boolean viaBjoin) {
        this.session = Objects.requireNonNull(session, "session");
        this.roomId = Objects.requireNonNull(roomId, "roomId");
        this.grant = Objects.requireNonNull(grant, "grant");
        this.viaBjoin = viaBjoin;
    }

    public ClientSession session() {
        return session;
    }

    /** The authenticated user of the dialog (lower-cased sip: URI). */
    public String user() {
        return session.user();
    }

    /** The room's id as the store spells it. */
    public String roomId() {
        return roomId;
    }

    /** Whether the dialog joined with {@code cmd:bjoin} (its join was announced as {@code ntc:bjoin}). */
    public boolean viaBjoin() {
        return viaBjoin;
    }

    public Grant grant() {
        return grant;
    }

    /** Whether the user manages the room (listed under aib 12276 in join replies). */
    public boolean isManager() {
        return grant.decision().manage();
    }

    public void regrant(Grant newGrant) {
        this.grant = Objects.requireNonNull(newGrant, "grant");
    }

    @Override
    public String toString() {
        return "Participant[" + session.id() + " " + session.user() + " in " + roomId + "]";
    }
}
