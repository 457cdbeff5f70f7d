package io.pchat.storage.replication;

import java.util.List;

/**
 * Messages of one room that one endpoint holds and the other does not.
 *
 * @param roomId the room
 * @param count  how many messages
 * @param ranges their msgids
 */
public record RoomLoss(String roomId, long count, List<MsgidRange> ranges) {

    public RoomLoss {
        ranges = List.copyOf(ranges);
    }

    static RoomLoss of(String roomId, List<Long> msgids) {
        return new RoomLoss(roomId, msgids.size(), MsgidRange.of(msgids));
    }
}
