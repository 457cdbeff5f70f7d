package io.pchat.server.files;

import java.net.InetSocketAddress;

/**
 * Settings of the node's file endpoint.
 *
 * @param bind     address and port to listen on (port 0: any free port)
 * @param domain   the chat domain, for {@code ma-filelink://} links
 * @param maxBytes the largest file accepted (the persistent chat file size limit)
 */
public record FileServerSettings(InetSocketAddress bind, String domain, long maxBytes) {

    public static final long DEFAULT_MAX_BYTES = 20_000L * 1024;

    public FileServerSettings {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
    }
}
