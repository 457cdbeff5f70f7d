package io.pchat.protocol.link;

/**
 * Type 8, empty body: keeps an idle link's connection alive and proves the peer still reads.
 * What answers it, and when, is the link handler's business.
 */
public record Ping() implements LinkFrame {

    /** The only instance needed; the record has no state. */
    public static final Ping INSTANCE = new Ping();
}
