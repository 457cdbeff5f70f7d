package io.pchat.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty transport of this process: native epoll where the platform has it, NIO elsewhere.
 * Chosen once; every listener and client of the process uses the same kind (a channel must match
 * its event loop's kind: {@link #of} tells which kind a given group is).
 */
public enum NettyTransport {
    EPOLL, NIO;

    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);
    private static final NettyTransport BEST = choose();

    /** Epoll when its native library loads, NIO otherwise (or when {@code -Dpchat.transport=nio}). */
    public static NettyTransport best() {
        return BEST;
    }

    private static NettyTransport choose() {
        if ("nio".equalsIgnoreCase(System.getProperty("pchat.transport"))) {
            return NIO;
        }
        if (Epoll.isAvailable()) {
            return EPOLL;
        }
        log.info("native epoll unavailable ({}); using NIO", String.valueOf(Epoll.unavailabilityCause()));
        return NIO;
    }

    /** The kind of {@code group}'s event loops (NIO for a group that is not an {@code IoEventLoopGroup}). */
    public static NettyTransport of(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class) ? EPOLL : NIO;
    }

    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> clientChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
