package io.pchat.server.chat;

import java.util.List;

import io.pchat.protocol.xccos.CategoryUri;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Info;
import io.pchat.protocol.xccos.Msg;
import io.pchat.protocol.xccos.Prop;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.room.LiveRooms;
import io.pchat.storage.room.EffectiveSettings;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.log.StoredMessage;

/**
 * Writes rooms and messages in the wire forms of docs/xccos.md: the summary form (search,
 * associations, invitations, {@code ntc:roomchanged}) and the history form. URIs always carry
 * the node's domain and the room's id as stored. Stateless apart from the live rooms it counts
 * users in.
 *
 * <p>{@code ucnt} is the number of distinct users joined to the room on this node (ours).
 */
final class RoomForms {
    private final String domain;
    private final LiveRooms live;

    RoomForms(ChatSettings settings, LiveRooms live) {
        this.domain = settings.domain();
        this.live = live;
    }

    String roomUri(String roomId) {
        return RoomUri.of(domain, roomId).toString();
    }

    String categoryUri(String categoryId) {
        return CategoryUri.of(domain, categoryId).toString();
    }

    /** The summary form: name, description, category, user count, visibility and settings. */
    Chanib summary(Room room, EffectiveSettings settings) {
        return Chanib.summaryForm(roomUri(room.id()), room.name(), room.description(),
                categoryUri(room.categoryId()),
                List.of(Info.userCount(live.userCount(room.id())), Info.visibility(visibility(room.privacy()))),
                List.of(Prop.of(Prop.FILEPOST, settings.fileUpload()), Prop.of(Prop.INVITE, settings.invitations()),
                        Prop.of(Prop.LOGGED, settings.logged())));
    }

    /** A stored message as history gives it back. */
    Msg msg(StoredMessage m) {
        return new Msg(roomUri(m.roomId()), m.author(), m.ts(), m.msgid(), m.text(), m.alert(), m.storyTitle());
    }

    static String visibility(Privacy privacy) {
        return switch (privacy) {
            case SECRET -> Info.VISIBILITY_PRIVATE;
            case CLOSED -> Info.VISIBILITY_SCOPE;
            case OPEN -> Info.VISIBILITY_PUBLIC;
        };
    }
}
