package io.pchat.storage.replication;

/** Where the mirror stands with respect to the writing endpoint. */
public enum MirrorState {
    /** Every committed batch is written to the mirror before it is acknowledged. */
    IN_SYNC,
    /** The mirror missed writes; appends are acknowledged on the primary alone until it is caught up. */
    BEHIND,
    /** No mirror (none configured, external replication, or it was promoted or lost). */
    NONE
}
