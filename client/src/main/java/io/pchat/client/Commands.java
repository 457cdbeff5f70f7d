package io.pchat.client;

import io.pchat.protocol.xccos.Assoc;
import io.pchat.protocol.xccos.Bcq;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Command;
import io.pchat.protocol.xccos.CommandNames;
import io.pchat.protocol.xccos.DataBlock;
import io.pchat.protocol.xccos.Ftdb;
import io.pchat.protocol.xccos.Inv;
import io.pchat.protocol.xccos.Pref;
import io.pchat.protocol.xccos.Qib;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Sib;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands of docs/xccos.md as a client writes them, each with {@code seqid="1"} as
 * real clients do (envelopes are told apart by their envid).
 */
final class Commands {

    static final long SEQID = 1;
    /** The infoType real clients send with getserverinfo. */
    static final String SERVER_INFO_TYPE = "123";

    private Commands() {
    }

    static Command requri() {
        return Command.of(CommandNames.REQURI, SEQID);
    }

    static Command getServerInfo(String domain) {
        return Command.of(CommandNames.GETSERVERINFO, SEQID, Sib.request(domain, SERVER_INFO_TYPE));
    }

    static Command getAssociations(String type) {
        return Command.of(CommandNames.GETASSOCIATIONS, SEQID, new Assoc(type));
    }

    static Command join(RoomUri room) {
        return Command.of(CommandNames.JOIN, SEQID, room.toChanid("0"));
    }

    /** One chanid per room, keyed by its index in {@code rooms}. */
    static Command bjoin(List<RoomUri> rooms) {
        List<DataBlock> chanids = new ArrayList<>();
        for (int i = 0; i < rooms.size(); i++) {
            chanids.add(rooms.get(i).toChanid(Integer.toString(i)));
        }
        return new Command(CommandNames.BJOIN, SEQID, chanids);
    }

    static Command part(RoomUri room) {
        return Command.of(CommandNames.PART, SEQID, Chanib.of(room));
    }

    static Command history(RoomUri room, int last) {
        return Command.of(CommandNames.BCCONTEXT, SEQID, Chanib.of(room), new Bcq.Last(last));
    }

    static Command historyBefore(RoomUri room, long msgid, int count) {
        return Command.of(CommandNames.BCCONTEXT, SEQID, Chanib.of(room), new Bcq.Before(msgid, count));
    }

    static Command searchRooms(String criteria, boolean extended) {
        return Command.of(CommandNames.CHANSRCH, SEQID, Qib.byName(criteria == null ? "" : criteria, extended));
    }

    static Command searchChat(Qib query) {
        return Command.of(CommandNames.CHATSRCH, SEQID, query);
    }

    static Command getInvitations(String sinceId, String domain) {
        return Command.of(CommandNames.GETINV, SEQID, Inv.request(sinceId, domain));
    }

    static Command getPref(String label, long seqid) {
        return Command.of(CommandNames.GETPREF, SEQID, new Pref(label, seqid, true, null));
    }

    static Command setPref(String label, long seqid, byte[] content) {
        return Command.of(CommandNames.SETPREF, SEQID, Pref.withContent(label, seqid, false, content));
    }

    static Command fileUploadToken(RoomUri room, String fileName) {
        return Command.of(CommandNames.GETFUTOK, SEQID, new Ftdb(room.toString(), fileName));
    }

    static Command fileDownloadToken(RoomUri room, String fileName) {
        return Command.of(CommandNames.GETFDTOK, SEQID, new Ftdb(room.toString(), fileName));
    }
}
