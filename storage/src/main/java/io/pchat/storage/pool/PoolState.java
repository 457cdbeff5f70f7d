package io.pchat.storage.pool;

/** The state of the pool (DESIGN.md, The pool and the two data centers). */
public enum PoolState {
    /** Running on the primary data center. */
    NORMAL,
    /** Running on the backup data center after a failover. */
    FAILED_OVER
}
