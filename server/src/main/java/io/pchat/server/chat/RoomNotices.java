package io.pchat.server.chat;

import java.util.List;

import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.protocol.xccos.Inv;
import io.pchat.protocol.xccos.Notice;
import io.pchat.protocol.xccos.NoticeNames;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Uib;
import io.pchat.server.fanout.EnvelopeIds;
import io.pchat.server.room.LiveRoom;
import io.pchat.server.room.Participant;
import io.pchat.server.session.ClientSession;

/**
 * Sends the node's notices (docs/xccos.md): {@code ntc:join}/{@code ntc:bjoin} and
 * {@code ntc:part} to the other dialogs of a room, {@code ntc:roomchanged} to all of them,
 * {@code ntc:inv} to an invited user's dialogs. One envelope (one envid) serves every recipient
 * of a notice; its seqid is that envid.
 *
 * <p>Rule: join and part notices are not sent for a room with more than
 * {@code participantUpdateLimit} dialogs (counting the one joining or leaving). Thread-safe:
 * {@link ClientSession#send} may be called from any thread.
 */
final class RoomNotices {
    private final EnvelopeIds ids;
    private final String domain;
    private final int updateLimit;

    RoomNotices(EnvelopeIds ids, ChatSettings settings) {
        this.ids = ids;
        this.domain = settings.domain();
        this.updateLimit = settings.participantUpdateLimit();
    }

    /** Tells the room's other dialogs that {@code joiner} joined (ntc:bjoin when it used bjoin). */
    void joined(LiveRoom room, Participant joiner) {
        if (room == null || room.size() > updateLimit) {
            return;
        }
        String name = joiner.viaBjoin() ? NoticeNames.BJOIN : NoticeNames.JOIN;
        long envid = ids.next();
        Envelope notice = Envelope.of(envid,
                Notice.of(name, envid, Uib.joined(joiner.user(), RoomUri.of(domain, joiner.roomId()))));
        sendToOthers(room, joiner.session(), notice);
    }

    /** Tells the room's remaining dialogs that {@code leaver} left; {@code room} is null when it emptied. */
    void parted(LiveRoom room, Participant leaver) {
        if (room == null || room.size() + 1 > updateLimit) {
            return;
        }
        long envid = ids.next();
        Envelope notice = Envelope.of(envid, Notice.of(NoticeNames.PART, envid,
                Chanib.parted(RoomUri.of(domain, leaver.roomId()).toString(), List.of(Uib.of(leaver.user())))));
        sendToOthers(room, leaver.session(), notice);
    }

    /** Tells the room's dialogs here that {@code user} joined or left it on another node of the pool. */
    void elsewhere(LiveRoom room, String roomId, String user, boolean joined, boolean viaBjoin) {
        if (room == null || room.size() + 1 > updateLimit) {
            return;
        }
        long envid = ids.next();
        RoomUri uri = RoomUri.of(domain, roomId);
        Envelope notice = Envelope.of(envid, joined
                ? Notice.of(viaBjoin ? NoticeNames.BJOIN : NoticeNames.JOIN, envid, Uib.joined(user, uri))
                : Notice.of(NoticeNames.PART, envid, Chanib.parted(uri.toString(), List.of(Uib.of(user)))));
        for (Participant p : room.participants()) {
            if (p.session().isOpen()) {
                p.session().send(notice);
            }
        }
    }

    /** Sends the room's new summary form to every dialog joined to it. */
    void roomChanged(List<Participant> recipients, Chanib summary) {
        long envid = ids.next();
        Envelope notice = Envelope.of(envid, Notice.of(NoticeNames.ROOMCHANGED, envid, summary));
        for (Participant p : recipients) {
            p.session().send(notice);
        }
    }

    /** Sends an invitation to each of the invited user's dialogs. */
    void invited(List<ClientSession> sessions, Inv invitation) {
        if (sessions.isEmpty()) {
            return;
        }
        long envid = ids.next();
        Envelope notice = Envelope.of(envid, Notice.of(NoticeNames.INV, envid, invitation));
        for (ClientSession s : sessions) {
            s.send(notice);
        }
    }

    private static void sendToOthers(LiveRoom room, ClientSession except, Envelope notice) {
        for (Participant p : room.participants()) {
            if (p.session() != except && p.session().isOpen()) {
                p.session().send(notice);
            }
        }
    }
}
