package io.pchat.protocol.link;

/**
 * Asks a peer whether its copies to the mirror database are in step (before a node promotes the
 * mirror: every message a node acknowledged must be on it). Answered by {@link MirrorCheckResult}.
 */
public record MirrorCheck(long requestId) implements LinkFrame {
}
