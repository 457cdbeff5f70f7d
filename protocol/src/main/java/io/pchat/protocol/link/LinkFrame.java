package io.pchat.protocol.link;

/**
 * One frame of the node link, as written by {@link LinkFrameEncoder} and read by {@link
 * LinkFrameDecoder}. Every implementation but {@link InvalidFrame} has a type code and a fixed
 * body layout (its record components, in order); {@link InvalidFrame} is what the decoder emits
 * instead of throwing, and is never written.
 *
 * <p>All implementations are immutable values holding no buffers: a receiver has nothing to release.
 */
public sealed interface LinkFrame
        permits Hello, ForwardPost, PostResult, Deliver, Presence, Acquire, AcquireResult, Ping, MirrorCheck,
        MirrorCheckResult, InvalidFrame {

    /** The format version this code speaks; same as {@link LinkFormat#VERSION}. */
    int VERSION = LinkFormat.VERSION;
}
