package io.pchat.storage.log;

import java.util.Collection;
import java.util.List;

/**
 * Where committed log batches are copied synchronously (built-in replication's mirror). Called
 * on the log's writer thread, after the batch committed on the writing endpoint and before any
 * of its futures completes, so a message is acknowledged only once the replica has had its
 * chance. Implementations never throw: a replica that cannot take the batch records that itself
 * (e.g. falls behind) and the log goes on.
 */
public interface LogReplica {

    /** Copies nothing: no mirror, or external replication. */
    LogReplica NONE = new LogReplica() {
        @Override
        public void committed(long epoch, List<StoredMessage> batch) {
        }

        @Override
        public void purged(Purge purge) {
        }
    };

    /** A batch committed under {@code epoch}: messages in msgid order per room. */
    void committed(long epoch, List<StoredMessage> batch);

    /** A purge committed on the writing endpoint. */
    void purged(Purge purge);

    /**
     * The log is about to number messages in {@code rooms} from counters it loads from the
     * writing endpoint (rooms it has no counter for): the replica may first copy what it lacks of
     * them. On the writer thread, before the batch's transaction; a {@link
     * io.pchat.storage.FencedWriteException} fails the batch (nothing of it is written).
     */
    default void beforeSequencing(Collection<String> rooms) {
    }
}
