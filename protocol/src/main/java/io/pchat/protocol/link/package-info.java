/**
 * The node link: the binary frames that the chat nodes of one pool exchange over TCP (forwarded
 * posts, fan-out copies, presence, room ownership), wire format only.
 *
 * <p>One small immutable record per frame type, validated when built; {@link
 * io.pchat.protocol.link.LinkFrames} writes and reads bodies without a pipeline, {@link
 * io.pchat.protocol.link.LinkFrameEncoder} and {@link io.pchat.protocol.link.LinkFrameDecoder}
 * put that on a Netty channel. The decoder never throws: bad input becomes an {@link
 * io.pchat.protocol.link.InvalidFrame}. The handshake, routing and connection handling live in the
 * server module.
 *
 * <p>The format and its error rules are described in {@code docs/link.md}.
 */
package io.pchat.protocol.link;
