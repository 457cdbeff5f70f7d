package io.pchat.storage.replication;

/** Where the mirror stands with respect to the writing endpoint. */
public enum MirrorState {
    /** Every committed batch is written to the mirror before it is acknowledged. */
    IN_SYNC,
    /** The mirror missed writes; appends are acknowledged on the primary alone until it is caught up. */
    BEHIND,
    /**
     * Left behind by a failover or a failback (its pool record says {@code RETIRED}), or the pool
     * writes elsewhere than the primary: not copied to, never promoted, until rebuilt from the primary.
     */
    RETIRED,
    /** Holds other messages than the primary under the same msgids: never promoted until rebuilt. */
    DIVERGED,
    /** No mirror (none configured, external replication, or it was promoted or lost). */
    NONE
}
