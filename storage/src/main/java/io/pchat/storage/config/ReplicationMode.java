package io.pchat.storage.config;

/** Who copies committed data from the primary to the mirror and the backup. */
public enum ReplicationMode {
    /**
     * The database replicates (SQL Server mirroring and log shipping, PostgreSQL synchronous
     * standby and WAL shipping); pchat only knows which endpoint to use and reconnects.
     */
    EXTERNAL,
    /**
     * pchat replicates its own data: every log batch is written to the mirror before it is
     * acknowledged, and everything is shipped to the backup every ship interval.
     */
    BUILTIN
}
