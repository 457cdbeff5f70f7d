package io.pchat.storage.replication;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.StorageException;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.Dialect;
import io.pchat.storage.db.SqlTime;

/**
 * Explicit writes of the pool record's epoch, made by promotions only (the pool record is never
 * copied by replication). Raising the epoch takes the row lock that every fenced write takes,
 * so writes under the old epoch either committed before or are refused after. They run on the
 * endpoints' small pools of checks: a switch-over waits at most the probe timeout for an endpoint
 * that is gone, not the connection timeout of normal work.
 */
final class Epochs {
    private static final Logger log = LoggerFactory.getLogger(Epochs.class);

    static final String NORMAL = "NORMAL";
    static final String FAILED_OVER = "FAILED_OVER";
    static final String RETIRED = "RETIRED";

    private Epochs() {
    }

    /** Sets {@code db}'s epoch to {@code epoch} (which must be higher) and, if given, its state. */
    static void raise(Database db, long epoch, String state) {
        int updated = db.inControlTransaction(c -> {
            if (db.dialect() == Dialect.POSTGRESQL) {
                // a fence must not wait for a synchronous standby that may be the one just promoted
                try (PreparedStatement local = c.prepareStatement("SET LOCAL synchronous_commit TO local")) {
                    local.execute();
                }
            }
            try (PreparedStatement s = c.prepareStatement(state == null
                    ? "UPDATE pool_state SET epoch = ?, updated_at = ? WHERE id = 1 AND epoch < ?"
                    : "UPDATE pool_state SET epoch = ?, updated_at = ?, state = ? WHERE id = 1 AND epoch < ?")) {
                int i = 1;
                s.setLong(i++, epoch);
                SqlTime.set(s, i++, Instant.now());
                if (state != null) {
                    s.setString(i++, state);
                }
                s.setLong(i, epoch);
                return s.executeUpdate();
            }
        });
        if (updated != 1) {
            throw new StorageException(db.name() + ": cannot raise the epoch to " + epoch + ": it is already there");
        }
        log.warn("{}: pool epoch raised to {}{}", db.name(), epoch, state == null ? "" : " (" + state + ")");
    }

    /** The endpoint's epoch, or empty when it does not answer. */
    static OptionalLong tryRead(Database db) {
        try {
            return OptionalLong.of(db.inControlTransaction(Database::readEpoch));
        } catch (StorageException e) {
            log.warn("{}: cannot read the pool epoch: {}", db.name(), e.getMessage());
            return OptionalLong.empty();
        }
    }

    /** Raises the epoch if the endpoint answers; whether it did. */
    static boolean tryRaise(Database db, long epoch, String state) {
        try {
            raise(db, epoch, state);
            return true;
        } catch (StorageException e) {
            log.warn("{}: could not be fenced at epoch {}: {}", db.name(), epoch, e.getMessage());
            return false;
        }
    }
}
