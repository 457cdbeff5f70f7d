package io.pchat.storage.pool;

/** The state of the pool (docs/design.md, The pool and the two data centers). */
public enum PoolState {
    /** Running on the primary data center. */
    NORMAL,
    /** Running on the backup data center after a failover. */
    FAILED_OVER,
    /**
     * Written on an endpoint the pool moved away from (the primary after a mirror takeover or a
     * failover, when it still answered): it refuses every fenced write, so a node that still
     * reaches it (a cut-off data center) can never write there, whatever epoch it reads.
     */
    RETIRED
}
