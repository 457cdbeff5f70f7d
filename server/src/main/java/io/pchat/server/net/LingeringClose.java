package io.pchat.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP connection after a refusal sent while the client may still be sending its body
 * (413 on a large upload, 403 on a bad token) without losing the refusal.
 *
 * <p>Closing a socket that still has unread input makes the kernel send a reset, and a reset that
 * overtakes the response makes the client report "connection reset" instead of the status. So the
 * node closes its sending side once the response is written (the client sees the status and end of
 * stream), keeps reading and discarding what the client still sends, and closes the connection
 * when the client closes its side or after {@link #LINGER_MILLIS}, whichever comes first.
 */
public final class LingeringClose {
    /** How long a refused client may go on sending before the connection is cut. */
    public static final long LINGER_MILLIS = 2_000;

    private LingeringClose() {
    }

    /** Closes {@code written}'s channel gracefully once the write completes. */
    public static void after(ChannelFuture written) {
        written.addListener(w -> {
            Channel channel = written.channel();
            if (!w.isSuccess() || !(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
                channel.close();
                return;
            }
            duplex.shutdownOutput().addListener(s -> {
                if (!s.isSuccess()) {
                    channel.close();
                    return;
                }
                channel.config().setAutoRead(true); // drain: the handler discards what arrives
                channel.read();
                channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            });
        });
    }
}
