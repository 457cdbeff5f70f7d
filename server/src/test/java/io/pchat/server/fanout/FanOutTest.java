package io.pchat.server.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.XccosDecodeResult;
import io.pchat.protocol.xccos.XccosReader;
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

/** One encoding per message, one task per event loop, every dialog once, the shared body released. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanOutTest {
    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
    private final EventLoop first = loops.next();
    private final EventLoop second = loops.next();

    @AfterAll
    void close() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void eachDialogGetsTheSharedBodyOnceOnItsLoopAndTheBodyIsReleasedAfterwards() {
        LiveRooms rooms = new LiveRooms();
        List<Recorder> dialogs = List.of(new Recorder("sip:a@example.com", first), new Recorder("sip:b@example.com", second),
                new Recorder("sip:c@example.com", first));
        dialogs.forEach(d -> rooms.join(participant(d, "room-1")));
        List<ByteBuf> bodies = new CopyOnWriteArrayList<>();
        FanOut fanOut = new FanOut(rooms, new EnvelopeIds(42), "example.com", new PooledByteBufAllocator(false) {
            @Override
            public ByteBuf directBuffer(int initialCapacity, int maxCapacity) {
                ByteBuf b = super.directBuffer(initialCapacity, maxCapacity);
                bodies.add(b);
                return b;
            }
        });

        fanOut.deliver(new StoredMessage("room-1", 7, Instant.parse("2026-11-26T09:00:01.123456Z"), "sip:a@example.com",
                "hi & bye", false, null));

        await().atMost(Duration.ofSeconds(10)).until(() -> dialogs.stream().allMatch(d -> d.flushes.get() == 1));
        assertThat(bodies).hasSize(1); // encoded once, in a direct buffer: the transport copies nothing per recipient
        assertThat(bodies.get(0).isDirect()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> bodies.get(0).refCnt() == 0);
        for (Recorder d : dialogs) {
            assertThat(d.problems).isEmpty();
            assertThat(d.received).hasSize(1);
            Envelope envelope = d.received.get(0);
            assertThat(envelope.envid()).isEqualTo(42);
            assertThat(envelope.items()).containsExactly(new GroupChat(42, "ma-chan://example.com/room-1",
                    "sip:a@example.com", Instant.parse("2026-11-26T09:00:01.123456Z"), 7L, "hi & bye", false, null));
        }
    }

    @Test
    void aCommittedBatchReachesEachDialogInMsgidOrderWithOneFlushPerRoom() {
        LiveRooms rooms = new LiveRooms();
        Recorder a = new Recorder("sip:a@example.com", first);
        Recorder b = new Recorder("sip:b@example.com", second);
        rooms.join(participant(a, "room-1"));
        rooms.join(participant(b, "room-1"));
        rooms.join(participant(b, "room-2"));
        FanOut fanOut = new FanOut(rooms, new EnvelopeIds(100), "example.com", new PooledByteBufAllocator(false));
        Instant ts = Instant.parse("2026-11-26T09:00:01Z");

        fanOut.durable(List.of(new StoredMessage("room-1", 7, ts, "sip:a@example.com", "one", false, null),
                new StoredMessage("room-2", 3, ts, "sip:a@example.com", "elsewhere", false, null),
                new StoredMessage("room-1", 8, ts, "sip:a@example.com", "two", false, null),
                new StoredMessage("room-1", 9, ts, "sip:a@example.com", "three", false, null)));

        await().atMost(Duration.ofSeconds(10)).until(() -> a.received.size() == 3 && b.received.size() == 4);
        assertThat(a.problems).isEmpty();
        assertThat(b.problems).isEmpty();
        assertThat(texts(a)).containsExactly("one", "two", "three");
        assertThat(texts(b)).containsExactly("one", "two", "three", "elsewhere");
        // One flush per room's task, not one per message.
        await().atMost(Duration.ofSeconds(10)).until(() -> b.flushes.get() == 2);
        assertThat(a.flushes).hasValue(1);
    }

    @Test
    void aLateCopyFromARoomsPreviousOwnerIsDroppedSoMsgidsOnlyGoUp() {
        LiveRooms rooms = new LiveRooms();
        Recorder a = new Recorder("sip:a@example.com", first);
        rooms.join(participant(a, "room-1"));
        FanOut fanOut = new FanOut(rooms, new EnvelopeIds(1), "example.com", new PooledByteBufAllocator(false));
        Instant ts = Instant.parse("2026-11-26T09:00:01Z");

        fanOut.deliver(new StoredMessage("room-1", 5, ts, "sip:a@example.com", "old owner", false, null));
        fanOut.durable(List.of(new StoredMessage("room-1", 7, ts, "sip:a@example.com", "new owner", false, null)));
        fanOut.deliver(new StoredMessage("room-1", 6, ts, "sip:a@example.com", "late", false, null));
        fanOut.durable(List.of(new StoredMessage("room-1", 8, ts, "sip:a@example.com", "next", false, null)));

        await().atMost(Duration.ofSeconds(10)).until(() -> a.received.size() == 3);
        assertThat(texts(a)).containsExactly("old owner", "new owner", "next");
        assertThat(a.problems).isEmpty();
    }

    @Test
    void twoThreadsDeliveringOneRoomAtOnceNeverReorderItsMessages() throws Exception {
        LiveRooms rooms = new LiveRooms();
        Recorder a = new Recorder("sip:a@example.com", first);
        Recorder b = new Recorder("sip:b@example.com", second);
        rooms.join(participant(a, "room-1"));
        rooms.join(participant(b, "room-1"));
        FanOut fanOut = new FanOut(rooms, new EnvelopeIds(1), "example.com", new PooledByteBufAllocator(false));
        Instant ts = Instant.parse("2026-11-26T09:00:01Z");
        int perThread = 2_000;
        AtomicInteger calls = new AtomicInteger();
        // The old owner's copies (odd msgids) and the new owner's messages (even) race each other.
        Thread oldOwner = new Thread(() -> {
            for (int i = 0; i < perThread; i++) {
                fanOut.deliver(new StoredMessage("room-1", 2L * i + 1, ts, "sip:a@example.com", "o", false, null));
                calls.incrementAndGet();
            }
        });
        Thread newOwner = new Thread(() -> {
            for (int i = 0; i < perThread; i++) {
                fanOut.durable(List.of(new StoredMessage("room-1", 2L * i + 2, ts, "sip:a@example.com", "n", false, null)));
                calls.incrementAndGet();
            }
        });
        oldOwner.start();
        newOwner.start();
        oldOwner.join();
        newOwner.join();

        // The last message (msgid 4000) is never late: it reaches both dialogs.
        await().atMost(Duration.ofSeconds(30)).until(() -> msgids(a).contains(2L * perThread)
                && msgids(b).contains(2L * perThread));
        for (Recorder dialog : List.of(a, b)) {
            List<Long> seen = msgids(dialog);
            assertThat(dialog.problems).isEmpty();
            assertThat(seen).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
        }
        assertThat(calls).as("both threads made every call").hasValue(2 * perThread);
        assertThat(msgids(a)).isEqualTo(msgids(b));
    }

    private static List<Long> msgids(Recorder dialog) {
        return dialog.received.stream().map(e -> ((GroupChat) e.items().get(0)).msgid()).toList();
    }

    private static List<String> texts(Recorder dialog) {
        return dialog.received.stream().map(e -> ((GroupChat) e.items().get(0)).chat()).toList();
    }

    @Test
    void aRoomWithoutParticipantsHereEncodesNothing() {
        AtomicInteger allocations = new AtomicInteger();
        FanOut fanOut = new FanOut(new LiveRooms(), new EnvelopeIds(1), "example.com", new PooledByteBufAllocator(false) {
            @Override
            public ByteBuf directBuffer(int initialCapacity, int maxCapacity) {
                allocations.incrementAndGet();
                return super.directBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public ByteBuf heapBuffer(int initialCapacity, int maxCapacity) {
                allocations.incrementAndGet();
                return super.heapBuffer(initialCapacity, maxCapacity);
            }
        });

        fanOut.deliver(new StoredMessage("empty", 1, Instant.now(), "sip:a@example.com", "x", false, null));

        assertThat(allocations).hasValue(0);
    }

    @Test
    void envelopeIdsArePositiveAndIncreasing() {
        EnvelopeIds ids = new EnvelopeIds();
        long a = ids.next();
        long b = ids.next();
        assertThat(a).isPositive().isLessThan(1L << 62);
        assertThat(b).isEqualTo(a + 1);
    }

    private static Participant participant(ClientSession session, String roomId) {
        Room room = new Room(roomId, "name", "", "", "cat", Privacy.OPEN, RoomType.NORMAL, false, Optional.empty(),
                Inheritable.INHERIT, Inheritable.INHERIT, Inheritable.INHERIT, Instant.EPOCH, Instant.EPOCH);
        return new Participant(session, roomId, new Grant(room, new AccessDecision(true, true, true, false, true, true)),
                false);
    }

    /** A dialog that decodes what is shared with it and checks it is called on its loop. */
    private static final class Recorder implements ClientSession {
        private static final XccosReader READER = new XccosReader();
        final List<Envelope> received = new CopyOnWriteArrayList<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final AtomicInteger flushes = new AtomicInteger();
        private final String user;
        private final EventLoop loop;

        Recorder(String user, EventLoop loop) {
            this.user = user;
            this.loop = loop;
        }

        @Override
        public String id() {
            return user + "@" + System.identityHashCode(this);
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public EventLoop eventLoop() {
            return loop;
        }

        @Override
        public void send(Envelope envelope) {
            problems.add("send used for a delivery");
        }

        @Override
        public void sendShared(ByteBuf body) {
            if (!loop.inEventLoop()) {
                problems.add("off loop");
            }
            XccosDecodeResult r = READER.read(ByteBufUtil.getBytes(body));
            if (r instanceof XccosDecodeResult.Decoded d) {
                received.add(d.envelope());
            } else {
                problems.add(r.toString());
            }
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }

        @Override
        public void end(String reason) {
            problems.add("ended");
        }
    }
}
