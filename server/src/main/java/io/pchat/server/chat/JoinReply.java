package io.pchat.server.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pchat.protocol.xccos.Aib;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.DataBlock;
import io.pchat.protocol.xccos.Fib;
import io.pchat.protocol.xccos.Uib;
import io.pchat.server.room.LiveRoom;
import io.pchat.server.room.LiveRooms;
import io.pchat.server.room.Participant;
import io.pchat.storage.room.Room;

/**
 * Builds the data of {@code rpl:join} / {@code rpl:bjoin}: the participants as indexed
 * {@code uib}s (each user once, shared by all rooms of the reply), one join-form {@code chanib}
 * per joined room whose aib 3984 lists the ordinary participants and aib 12276 the managers, and
 * one {@code fib OPERATION_FAILED} per room that could not be joined.
 *
 * <p>Invariant: every id an aib lists is the id of a uib of the same reply. Used on one thread.
 */
final class JoinReply {
    private final RoomForms forms;
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final List<Uib> uibs = new ArrayList<>();
    private final List<Chanib> rooms = new ArrayList<>();
    private final List<Fib> failures = new ArrayList<>();

    JoinReply(RoomForms forms) {
        this.forms = forms;
    }

    /** Adds a joined room with its current participants here and, in a pool, on the other nodes. */
    void joined(Room room, LiveRoom live, List<LiveRooms.RemoteUser> elsewhere) {
        List<String> ordinary = new ArrayList<>();
        List<String> managers = new ArrayList<>();
        Map<String, Boolean> users = new LinkedHashMap<>();
        if (live != null) {
            for (Participant p : live.participants()) {
                users.merge(p.user(), p.isManager(), Boolean::logicalOr);
            }
        }
        for (LiveRooms.RemoteUser u : elsewhere) {
            users.merge(u.user(), u.manager(), Boolean::logicalOr);
        }
        users.forEach((user, manager) -> (manager ? managers : ordinary).add(idOf(user)));
        rooms.add(Chanib.joinForm(forms.roomUri(room.id()), room.name(), room.description(), room.topic(),
                List.of(Aib.members(Aib.KEY_PARTICIPANTS, ordinary), Aib.members(Aib.KEY_MANAGERS, managers))));
    }

    /** Adds a room that could not be joined, named as the client named it. */
    void failed(String domain, String roomId) {
        failures.add(new Fib(Fib.KEY_OPERATION_FAILED, domain, roomId));
    }

    boolean hasJoined() {
        return !rooms.isEmpty();
    }

    List<DataBlock> data() {
        List<DataBlock> data = new ArrayList<>(uibs.size() + rooms.size() + failures.size());
        data.addAll(uibs);
        data.addAll(rooms);
        data.addAll(failures);
        return data;
    }

    private String idOf(String user) {
        return ids.computeIfAbsent(user, u -> {
            String id = Integer.toString(uibs.size());
            uibs.add(Uib.indexed(id, u));
            return id;
        });
    }
}
