package io.pchat.benchmarks.fanout;

import java.net.SocketAddress;

import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;

/**
 * A Netty channel whose transport is a sink: a real {@link AbstractChannel} (pipeline, outbound
 * buffer, write promises, flush, release of written buffers on its event loop, as after a socket
 * write) whose {@link #doWrite} takes every flushed message off the outbound buffer and drops it.
 * It stands for a connection whose far side discards, without the far side's own costs (a
 * {@code LocalChannel} peer copies what it reads into a buffer of its own; a TCP socket makes a
 * system call), so what is allocated per delivery is what the node's code allocates.
 *
 * <p>Confinement: as every Netty channel, state changes on its event loop; it is active from
 * registration until closed.
 */
final class SinkChannel extends AbstractChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);

    private final ChannelConfig config = new DefaultChannelConfig(this);
    private volatile boolean open = true;
    private volatile boolean active;

    SinkChannel() {
        super(null);
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new AbstractUnsafe() {
            @Override
            public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
                promise.setFailure(new UnsupportedOperationException("a sink is connected from the start"));
            }
        };
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop instanceof SingleThreadEventLoop;
    }

    @Override
    protected void doRegister() {
        active = true;
    }

    @Override
    protected SocketAddress localAddress0() {
        return null;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return null;
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a sink has no address");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        open = false;
        active = false;
    }

    @Override
    protected void doBeginRead() {
        // nothing ever arrives
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        while (in.current() != null) {
            in.remove();
        }
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }
}
