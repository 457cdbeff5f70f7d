package io.pchat.server.pool;

import io.pchat.storage.StorageUnavailableException;

/**
 * A post could not reach a node that may sequence its room in time (no live active node, the
 * owner unreachable over the node link, ownership still moving). Nothing was stored; the client
 * gets 503 and resends.
 */
public class RoomUnavailableException extends StorageUnavailableException {
    private static final long serialVersionUID = 1L;

    public RoomUnavailableException(String message) {
        super(message, null);
    }
}
