package io.pchat.storage.db;

/** The part a database endpoint plays in the pool (docs/design.md, Storage). */
public enum EndpointRole {
    /** Takes the pool's writes. */
    PRIMARY,
    /** Same data center, kept in step synchronously. */
    MIRROR,
    /** Other data center, shipped to asynchronously. */
    BACKUP
}
