package io.pchat.protocol.link;

/**
 * Outcome of a {@link ForwardPost}. The ordinal is the wire value: append new constants at the end
 * only.
 */
public enum PostStatus {
    /** Stored; the result carries the message's msgid. */
    OK,
    /** The receiver does not own the room (any more); the sender should look the owner up again. */
    NOT_OWNER,
    /** The owner could not store the post now (storage down, queue full, fenced); it may be retried. */
    UNAVAILABLE,
    /** The post is not allowed (no such room, not a member, too long, ...); retrying will not help. */
    REFUSED,
    /** The owner cannot tell whether the post was stored (its database stopped answering during the commit). */
    UNKNOWN
}
