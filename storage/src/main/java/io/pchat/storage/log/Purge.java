package io.pchat.storage.log;

import java.time.Instant;
import java.util.Objects;

/** A deletion of messages from the log; applying one twice deletes nothing more. */
public sealed interface Purge {

    /** Every message of one room. */
    record Room(String roomId) implements Purge {
        public Room {
            Objects.requireNonNull(roomId, "roomId");
        }
    }

    /** Every message of every room stamped before {@code before}. */
    record Before(Instant before) implements Purge {
        public Before {
            Objects.requireNonNull(before, "before");
        }
    }
}
