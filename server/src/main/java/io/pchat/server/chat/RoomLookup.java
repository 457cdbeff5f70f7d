package io.pchat.server.chat;

import java.util.Optional;

import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.ResultCode;
import io.pchat.server.room.Grant;
import io.pchat.storage.ChatStore;
import io.pchat.storage.room.AccessDecision;
import io.pchat.storage.room.Room;

/**
 * Finds the room a command names and decides, with the rules of docs/storage.md "Access rules", whether the user
 * may use it, in the order that keeps secrets: a room that does not exist, is in another domain,
 * or that the user may not see is 404 alike (a secret room never leaks); then a disabled room is
 * 410; then a room the user may not join is 403.
 *
 * <p>Blocking (the store): call it on storage threads only. Stateless.
 */
final class RoomLookup {
    private final ChatStore store;
    private final String domain;

    RoomLookup(ChatStore store, ChatSettings settings) {
        this.store = store;
        this.domain = settings.domain();
    }

    /** The room URI of a command's argument: 400 when it is not one, 404 when it is another domain's. */
    RoomUri parse(String uri) {
        RoomUri room = RoomUri.parse(uri).orElseThrow(() -> CommandFailure.badArgument("not a room URI: " + uri));
        return ours(room);
    }

    RoomUri ours(RoomUri room) {
        if (!room.domain().equalsIgnoreCase(domain)) {
            throw CommandFailure.noSuchRoom(room.toString());
        }
        return room;
    }

    /** The room if the user may see it; 404 otherwise. */
    Grant visible(String user, RoomUri uri) {
        Optional<Room> room = store.rooms().get(ours(uri).id());
        if (room.isEmpty()) {
            throw CommandFailure.noSuchRoom(uri.toString());
        }
        AccessDecision decision = store.access().decide(user, room.get().id());
        if (!decision.see()) {
            throw CommandFailure.noSuchRoom(uri.toString());
        }
        return new Grant(room.get(), decision);
    }

    /** The room if the user may join it: 404, 410 (disabled), 403 otherwise. */
    Grant joinable(String user, RoomUri uri) {
        Grant grant = visible(user, uri);
        if (grant.room().disabled()) {
            throw new CommandFailure(ResultCode.NODE_DISABLED, "room is disabled: " + uri);
        }
        if (!grant.decision().join()) {
            throw CommandFailure.forbidden("may not join " + uri);
        }
        return grant;
    }

    /** The room if the user may read its history: as {@link #joinable}, then 403 when it is not logged. */
    Grant readable(String user, RoomUri uri) {
        Grant grant = joinable(user, uri);
        if (!grant.decision().readHistory()) {
            throw CommandFailure.forbidden("room keeps no history: " + uri);
        }
        return grant;
    }
}
