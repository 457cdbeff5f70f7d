package io.pchat.benchmarks.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.server.session.ClientSession;

/**
 * What the fan-out benchmark's recipient dialogs share: an id, a user, one channel, and the
 * node's check that the dialog and its channel are open before a delivery is written. Subclasses
 * say how one delivery becomes bytes on the channel. Event loop only, like the node's dialogs.
 */
abstract class BenchmarkSession implements ClientSession {
    private final String id;
    private final String user;
    protected final Channel channel;
    private volatile boolean open = true;

    BenchmarkSession(String id, String user, Channel channel) {
        this.id = id;
        this.user = user;
        this.channel = channel;
    }

    /** Writes one delivery of the shared {@code body} to the channel (no flush). */
    protected abstract void write(ByteBuf body);

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String user() {
        return user;
    }

    @Override
    public final boolean isOpen() {
        return open;
    }

    @Override
    public final EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public final void send(Envelope envelope) {
        throw new UnsupportedOperationException("fan-out benchmark sessions only take shared deliveries");
    }

    @Override
    public final void sendShared(ByteBuf body) {
        if (open && channel.isActive()) {
            write(body);
        }
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public final void end(String reason) {
        open = false;
    }
}
