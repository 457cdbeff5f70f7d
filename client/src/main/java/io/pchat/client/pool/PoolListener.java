package io.pchat.client.pool;

import io.pchat.client.ChatMessage;
import io.pchat.protocol.xccos.RoomUri;

/**
 * What a {@link PoolClient} tells its user. Every method is called on the pool client's own
 * thread, one call at a time, in the order the events happened; an implementation should be quick
 * (a slow one delays everything behind it, a blocking one stops the client) and may call the pool
 * client's methods (they do not wait). An exception thrown by a listener is logged and ignored.
 */
public interface PoolListener {

    /**
     * The next message of {@code room}: per room, msgids strictly increase, each is delivered
     * once, and none is left out unless {@link #onGap} says so.
     */
    void onMessage(RoomUri room, ChatMessage message);

    /**
     * Messages {@code firstMsgid..lastMsgid} of {@code room} could not be had (the room keeps no
     * history, or the history no longer has them) and will not be delivered.
     */
    default void onGap(RoomUri room, long firstMsgid, long lastMsgid) {
    }

    /** A session with {@code address} is up (the first, or after a loss); rooms are being rejoined. */
    default void onConnected(NodeAddress address) {
    }

    /** The session ended; the client is reconnecting. */
    default void onDisconnected(String reason) {
    }

    /**
     * A rejoin of {@code room} after a reconnection was refused (the room was deleted, or we may
     * no longer join it): the room is forgotten and its waiting posts fail.
     */
    default void onRoomLost(RoomUri room, String reason) {
    }
}
