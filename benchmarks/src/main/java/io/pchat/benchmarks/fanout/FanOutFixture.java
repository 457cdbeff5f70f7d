package io.pchat.benchmarks.fanout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.ReferenceCountUtil;
import io.pchat.protocol.sip.DialogInfoTemplate;
import io.pchat.server.fanout.EnvelopeIds;
import io.pchat.server.fanout.FanOut;
import io.pchat.server.fanout.FanOutObserver;
import io.pchat.server.room.Grant;
import io.pchat.server.room.LiveRooms;
import io.pchat.server.room.Participant;
import io.pchat.server.session.ClientSession;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.room.AccessDecision;
import io.pchat.storage.room.Inheritable;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomType;

/**
 * A real {@link FanOut} over real {@link LiveRooms} and {@link Participant}s, one recipient
 * dialog per Netty channel (one connection per client, as with real clients), the node's
 * channels on {@value #NODE_LOOPS} event loops (one per core of the reference machine). The
 * channel is a {@link SinkChannel} (the transport drops what is flushed) or a {@link LocalChannel}
 * whose far end lives on the same event loop and discards (releases) everything it reads; either
 * way written buffers are freed on the thread that wrote them, as after a real socket write.
 *
 * <p>{@link #deliverAndWait} hands a batch of durable messages to {@link FanOut#durable} as the
 * message log's writer thread does, then parks until every event loop reports (through the
 * {@link FanOutObserver}) that it has written and flushed every message to every dialog: the
 * measured span ends when the last byte was handed to the transport, not when the far side read
 * it.
 *
 * <p>Invariant: every dialog is open, so each message reaches exactly {@code roomSize} dialogs;
 * {@link #deliverAndWait} fails rather than hang if that ever stops being true.
 */
final class FanOutFixture implements AutoCloseable {
    /** Event loops of the node side (the node's own default is Netty's, 2 per core). */
    static final int NODE_LOOPS = 2;
    static final String DOMAIN = "example.com";
    static final String ROOM_ID = "8f1d2c3b-4a5e-4f60-9a7b-1c2d3e4f5a6b";
    static final String TEXT = "Deploy of build 4711 is done; please check the dashboards & report <anything> odd.";
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** How a recipient dialog is made: the benchmark's choice of writer. */
    @FunctionalInterface
    interface SessionFactory {
        ClientSession create(String user, Channel channel, DialogInfoTemplate template);
    }

    /** What stands for the clients' connections. */
    enum Transport {
        /** {@link SinkChannel}: the transport drops what is flushed; only the node's costs. */
        SINK,
        /** Netty {@code LocalChannel} pairs; the far end (same event loop) reads and releases. */
        LOCAL
    }

    private final EventLoopGroup nodeLoops;
    private final Acceptor acceptor = new Acceptor();
    private final List<Channel> channels = new ArrayList<>();
    private final Channel server;
    private final FanOut fanOut;
    private final int roomSize;
    private final Completion completion = new Completion();
    private long lastMsgid; // the benchmark thread's

    FanOutFixture(int roomSize, Transport transport, SessionFactory sessions) throws InterruptedException {
        this.roomSize = roomSize;
        LiveRooms rooms = new LiveRooms();
        Grant grant = grant();
        if (transport == Transport.SINK) {
            nodeLoops = new DefaultEventLoopGroup(NODE_LOOPS);
            server = null;
            for (int i = 0; i < roomSize; i++) {
                Channel channel = new SinkChannel();
                nodeLoops.register(channel).sync();
                join(rooms, grant, sessions, channel, i);
            }
        } else {
            nodeLoops = new MultiThreadIoEventLoopGroup(NODE_LOOPS, LocalIoHandler.newFactory());
            LocalAddress address = new LocalAddress("pchat-fanout-bench-" + ThreadLocalRandom.current().nextLong());
            LocalServerChannel listener = new LocalServerChannel();
            listener.pipeline().addLast(acceptor);
            nodeLoops.next().register(listener).sync();
            server = listener.bind(address).sync().channel();
            Bootstrap connector = new Bootstrap().group(nodeLoops).channel(LocalChannel.class).handler(Discard.INSTANCE);
            for (int i = 0; i < roomSize; i++) {
                Channel channel = connector.register().sync().channel();
                acceptor.nextLoop = channel.eventLoop();
                channel.connect(address).sync();
                join(rooms, grant, sessions, channel, i);
            }
        }
        fanOut = new FanOut(rooms, new EnvelopeIds(1), DOMAIN, PooledByteBufAllocator.DEFAULT);
        fanOut.observe(completion);
    }

    private void join(LiveRooms rooms, Grant grant, SessionFactory sessions, Channel channel, int i) {
        channels.add(channel);
        ClientSession session = sessions.create("sip:user" + i + "@" + DOMAIN, channel, template(i));
        rooms.join(new Participant(session, ROOM_ID, grant, false));
    }

    /** A factory of {@link JainSipSession}s sharing one body copy per event loop. */
    static SessionFactory jainSip() {
        IdentityHashMap<EventLoop, JainSipSession.BodyBytes> perLoop = new IdentityHashMap<>();
        return (user, channel, template) -> new JainSipSession(user, channel, template,
                perLoop.computeIfAbsent(channel.eventLoop(), l -> new JainSipSession.BodyBytes()),
                Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
    }

    /** {@code count} stored messages of the room, as the log would hand them over (reused). */
    static List<StoredMessage> messages(int count) {
        List<StoredMessage> batch = new ArrayList<>(count);
        Instant ts = Instant.parse("2026-11-26T09:00:01.123456Z");
        for (int i = 0; i < count; i++) {
            batch.add(new StoredMessage(ROOM_ID, i + 1, ts, "sip:alice@" + DOMAIN, TEXT, false, null));
        }
        return batch;
    }

    /** Fans the batch out and returns once every dialog has been written and flushed every message. */
    void deliverAndWait(List<StoredMessage> batch) {
        long target = completion.expect((long) batch.size() * roomSize);
        // Numbered anew each time: a room's fan-out drops msgids it has handed out already.
        List<StoredMessage> numbered = new ArrayList<>(batch.size());
        for (StoredMessage m : batch) {
            numbered.add(new StoredMessage(m.roomId(), ++lastMsgid, m.ts(), m.author(), m.text(), m.alert(),
                    m.storyTitle()));
        }
        fanOut.durable(numbered);
        completion.await(target);
    }

    @Override
    public void close() {
        for (Channel channel : channels) {
            channel.close();
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        nodeLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static DialogInfoTemplate template(int i) {
        String port = Integer.toString(10_000 + i % 50_000);
        return new DialogInfoTemplate("sip:user" + i + "@127.0.0.1:" + port + ";transport=tcp", "TCP", "127.0.0.1:5041",
                "<sip:pchat@" + DOMAIN + ">", "n0de" + Integer.toHexString(i),
                "<sip:user" + i + "@" + DOMAIN + ">;epid=" + Integer.toHexString(0x1a2b3c + i),
                "c1i" + Integer.toHexString(i), Long.toHexString(0x4b1d6c5e3f2a1b0cL + i) + "@127.0.0.1",
                "sip:node1@127.0.0.1:5041;transport=tcp");
    }

    private static Grant grant() {
        Room room = new Room(ROOM_ID, "Bench", "", "", "cat", Privacy.OPEN, RoomType.NORMAL, false, Optional.empty(),
                Inheritable.INHERIT, Inheritable.INHERIT, Inheritable.INHERIT, Instant.EPOCH, Instant.EPOCH);
        return new Grant(room, new AccessDecision(true, true, true, false, true, true));
    }

    /**
     * Registers each accepted far end on the event loop of the node channel that is connecting
     * (connections are made one at a time), so a written buffer is released on the thread that
     * allocated it, as after a socket write; Netty's buffer recycling then works as in the node.
     */
    private static final class Acceptor extends ChannelInboundHandlerAdapter {
        volatile EventLoop nextLoop;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel child = (Channel) msg;
            child.pipeline().addLast(Discard.INSTANCE);
            nextLoop.register(child);
        }
    }

    /** The far side: reads and releases everything, like a client that drops what it gets. */
    @ChannelHandler.Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        static final Discard INSTANCE = new Discard();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Counts recipients written by finished fan-out tasks and wakes the benchmark thread when a
     * batch is complete. Allocates nothing per message or per recipient.
     */
    private static final class Completion implements FanOutObserver {
        private final AtomicLong delivered = new AtomicLong();
        private volatile long target;
        private volatile Thread waiter;

        long expect(long recipients) {
            waiter = Thread.currentThread();
            long next = delivered.get() + recipients;
            target = next;
            return next;
        }

        @Override
        public void delivered(int recipients, long nanos) {
            if (delivered.addAndGet(recipients) >= target) {
                LockSupport.unpark(waiter);
            }
        }

        void await(long until) {
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (delivered.get() < until) {
                LockSupport.parkNanos(this, 1_000_000);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("fan-out did not complete: " + delivered.get() + " of " + until);
                }
            }
        }
    }
}
