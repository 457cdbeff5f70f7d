package io.pchat.protocol.link;

/**
 * The answer to a {@link MirrorCheck}: {@code inSync} when every message the peer acknowledged
 * is on the mirror (its mirror replication is in sync, or it has none to copy to).
 */
public record MirrorCheckResult(long requestId, boolean inSync) implements LinkFrame {
}
