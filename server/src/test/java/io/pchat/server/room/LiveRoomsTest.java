package io.pchat.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.pchat.server.session.ClientSession;
import io.pchat.storage.room.AccessDecision;
import io.pchat.storage.room.Inheritable;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomType;

/** Who is joined where: partitions per event loop, and joins and leaves racing from many threads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveRoomsTest {
    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
    private final EventLoop first = loops.next();
    private final EventLoop second = loops.next();
    private final LiveRooms rooms = new LiveRooms();

    @AfterAll
    void close() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void participantsArePartitionedByTheirEventLoop() {
        ClientSession a = session("sip:a@example.com", first);
        ClientSession b = session("sip:b@example.com", second);
        ClientSession c = session("sip:c@example.com", first);

        for (ClientSession s : List.of(a, b, c)) {
            assertThat(rooms.join(participant(s, "Room-1"))).isTrue();
        }

        LiveRoom room = rooms.room("room-1");
        assertThat(room.size()).isEqualTo(3);
        assertThat(room.partitions()).hasSize(2);
        assertThat(room.partitions()[0].participants()).extracting(Participant::session).containsExactly(a, c);
        assertThat(room.partitions()[1].participants()).extracting(Participant::session).containsExactly(b);
        assertThat(rooms.join(participant(a, "room-1"))).as("second join of the same dialog").isFalse();
    }

    @Test
    void aRoomIsForgottenWithItsLastParticipantAndEmptyPartitionsGo() {
        ClientSession a = session("sip:a@example.com", first);
        ClientSession b = session("sip:b@example.com", second);
        rooms.join(participant(a, "room-2"));
        rooms.join(participant(b, "room-2"));

        assertThat(rooms.leave("room-2", b)).isNotNull();
        assertThat(rooms.room("room-2").partitions()).hasSize(1);
        assertThat(rooms.leave("room-2", b)).isNull();
        assertThat(rooms.leave("ROOM-2", a)).isNotNull();
        assertThat(rooms.room("room-2")).isNull();
    }

    @Test
    void concurrentJoinsAndLeavesKeepEveryDialogExactlyOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<ClientSession> stay = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            EventLoop loop = t % 2 == 0 ? first : second;
            ClientSession keeper = session("sip:keep" + t + "@example.com", loop);
            stay.add(keeper);
            work.add(threads.submit(() -> {
                go.await();
                rooms.join(participant(keeper, "room-3"));
                for (int i = 0; i < 500; i++) {
                    ClientSession visitor = session("sip:v@example.com", loop);
                    rooms.join(participant(visitor, "room-3"));
                    rooms.leave("room-3", visitor);
                }
                return null;
            }));
        }
        go.countDown();
        for (var w : work) {
            w.get(10, TimeUnit.SECONDS);
        }
        threads.shutdown();

        LiveRoom room = rooms.room("room-3");
        assertThat(room.size()).isEqualTo(4);
        assertThat(room.participants()).extracting(Participant::session).containsExactlyInAnyOrderElementsOf(stay);
    }

    @Test
    void connectedUsersListEveryDialogOfAUser() {
        ConnectedUsers users = new ConnectedUsers();
        ClientSession desk = session("sip:erin@example.com", first);
        ClientSession phone = session("sip:erin@example.com", second);
        users.add(desk);
        users.add(phone);
        users.add(desk);

        assertThat(users.sessions("sip:erin@example.com")).containsExactly(desk, phone);
        users.remove(desk);
        users.remove(phone);
        assertThat(users.sessions("sip:erin@example.com")).isEmpty();
    }

    static Participant participant(ClientSession session, String roomId) {
        Room room = new Room(roomId, "name", "", "", "cat", Privacy.OPEN, RoomType.NORMAL, false, Optional.empty(),
                Inheritable.INHERIT, Inheritable.INHERIT, Inheritable.INHERIT, Instant.EPOCH, Instant.EPOCH);
        return new Participant(session, roomId, new Grant(room, new AccessDecision(true, true, true, false, true, true)),
                false);
    }

    /** A dialog that only knows its user and loop (nothing is sent in these tests). */
    static ClientSession session(String user, EventLoop loop) {
        String id = "s" + System.identityHashCode(new Object());
        return (ClientSession) Proxy.newProxyInstance(ClientSession.class.getClassLoader(),
                new Class<?>[] {ClientSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "user" -> user;
                    case "eventLoop" -> loop;
                    case "id" -> id;
                    case "isOpen" -> true;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> id;
                    default -> null;
                });
    }
}
