package io.pchat.client;

import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.DataBlock;
import io.pchat.protocol.xccos.Fib;
import io.pchat.protocol.xccos.Inv;
import io.pchat.protocol.xccos.Pref;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Sib;
import io.pchat.protocol.xccos.Token;
import io.pchat.protocol.xccos.Uib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code <data>} of each reply of docs/xccos.md into the client's values.
 * Liberal: blocks a reply should not carry are ignored, and a refusal's empty data reads as an
 * empty value.
 */
final class ReplyData {

    private ReplyData() {
    }

    /** {@code rpl:requri}: the node URI of the first uib. */
    static Optional<String> requri(Reply reply) {
        return blocks(reply, Uib.class).stream().map(Uib::uri).findFirst();
    }

    /** {@code rpl:getserverinfo}: the first sib. */
    static Optional<Sib> serverInfo(Reply reply) {
        return blocks(reply, Sib.class).stream().findFirst();
    }

    /** Summary-form chanibs (chansrch, getassociations). */
    static List<RoomSummary> rooms(Reply reply) {
        return blocks(reply, Chanib.class).stream().map(RoomSummary::of).toList();
    }

    /** {@code rpl:bjoin} / {@code rpl:join}: join-form chanibs against the reply's uibs, and the fibs. */
    static BatchJoin joined(Reply reply) {
        Map<String, String> users = JoinedRoom.usersById(blocks(reply, Uib.class));
        List<JoinedRoom> rooms = blocks(reply, Chanib.class).stream().map(c -> JoinedRoom.of(c, users)).toList();
        List<String> failed = new ArrayList<>();
        for (Fib fib : blocks(reply, Fib.class)) {
            if (fib.domain() != null && fib.value() != null) {
                failed.add(RoomUri.SCHEME + fib.domain() + "/" + fib.value());
            }
        }
        return new BatchJoin(rooms, failed);
    }

    /** {@code rpl:bccontext} / {@code rpl:chatsrch}: every msg of every chanib, in order. */
    static List<ChatMessage> messages(Reply reply) {
        return blocks(reply, Chanib.class).stream()
                .flatMap(c -> c.msgs().stream())
                .map(ChatMessage::of)
                .toList();
    }

    /** {@code rpl:bccontext}: the messages and the gaps of every chanib, in order. */
    static HistoryPage page(Reply reply) {
        List<Chanib> rooms = blocks(reply, Chanib.class);
        return new HistoryPage(rooms.stream().flatMap(c -> c.msgs().stream()).map(ChatMessage::of).toList(),
                rooms.stream().flatMap(c -> c.gaps().stream()).toList());
    }

    /** {@code rpl:getinv}: one invitation per inv with a room. */
    static List<Invitation> invitations(Reply reply) {
        List<Invitation> out = new ArrayList<>();
        for (Inv inv : blocks(reply, Inv.class)) {
            for (Chanib room : inv.chanibs()) {
                out.add(new Invitation(inv.inviteId(), inv.ts(), RoomSummary.of(room)));
            }
        }
        return out;
    }

    /** {@code rpl:getpref} / {@code rpl:setpref}: the pref, absent when the client's is current. */
    static Optional<Pref> pref(Reply reply) {
        return blocks(reply, Pref.class).stream().findFirst();
    }

    /** {@code rpl:getftok}: the token. */
    static Optional<Token> token(Reply reply) {
        return blocks(reply, Token.class).stream().findFirst();
    }

    static <B extends DataBlock> List<B> blocks(Reply reply, Class<B> type) {
        return reply.data().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
