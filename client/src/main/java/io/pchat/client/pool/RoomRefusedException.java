package io.pchat.client.pool;

import io.pchat.protocol.xccos.RoomUri;

/** The node refused to let us into a room (404 no such room, 403 not allowed...): it is not remembered. */
public final class RoomRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    public RoomRefusedException(RoomUri room, int code, String text) {
        super("join of " + room + " refused: " + code + " " + text);
        this.code = code;
    }

    /** The XCCOS result code. */
    public int code() {
        return code;
    }
}
