package io.pchat.storage.replication;

import io.pchat.storage.StorageException;
import io.pchat.storage.db.Database;

/** What pchat does to a PostgreSQL standby itself (external replication): promote it. */
final class Standbys {
    /** How long a promotion may take before it counts as failed. */
    private static final int PROMOTE_WAIT_SECONDS = 60;

    private Standbys() {
    }

    /** {@code pg_promote()}, waiting until the standby takes writes; fails when it does not within a minute. */
    static void promote(Database standby) {
        boolean promoted = standby.inControlTransaction(c -> {
            try (var s = c.prepareStatement("SELECT pg_promote(true, " + PROMOTE_WAIT_SECONDS + ")");
                    var rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
        if (!promoted) {
            throw new StorageException(standby.name() + " was not promoted within " + PROMOTE_WAIT_SECONDS + " s");
        }
    }
}
