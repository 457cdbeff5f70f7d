package io.pchat.protocol.xccos;

/**
 * A top-level child of an {@link Envelope}: a client command, a node reply, a node notice or a
 * chat message. Items are processed in envelope order.
 */
public sealed interface EnvelopeItem permits Command, Reply, Notice, GroupChat {

    /** The item's sequence id, chosen by its sender; never negative. */
    long seqid();
}
