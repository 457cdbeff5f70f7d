package io.pchat.server.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.client.ChatMessage;
import io.pchat.client.ClientOptions;
import io.pchat.client.pool.PoolClient;
import io.pchat.client.pool.PoolClientOptions;
import io.pchat.client.pool.PoolListener;
import io.pchat.client.pool.PostReceipt;
import io.pchat.protocol.xccos.RoomUri;

/**
 * The drill's client load: pool clients (given every node's address, idle ones redirect) joined
 * to every drill room, each posting unique texts ({@code <client>-<n>}) round robin over the
 * rooms at a steady pace, one post in flight per client. It records what each client was
 * acknowledged (with the instant) and what each client received per room, in order.
 * Thread-safe: one poster thread per client; the records are concurrent.
 */
final class DrillLoad implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DrillLoad.class);

    /** One acknowledged post. */
    record Ack(String room, String text, Instant at) {
    }

    private final List<PoolClient> clients = new ArrayList<>();
    private final List<Thread> posters = new ArrayList<>();
    private final List<RoomUri> rooms;
    private final long pauseMillis;
    private final List<Ack> acks = new CopyOnWriteArrayList<>();
    /** client index -> room id -> msgid -> the text received under it (msgids sorted) */
    private final List<Map<String, ConcurrentSkipListMap<Long, String>>> received = new ArrayList<>();
    private final AtomicLong failedPosts = new AtomicLong();
    private final AtomicLong gapsReported = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean posting;
    private volatile boolean stopped;

    DrillLoad(List<String> addresses, List<RoomUri> rooms, int clientCount, int postsPerSecond) throws Exception {
        this.rooms = rooms;
        this.pauseMillis = Math.max(1, 1000 / Math.max(1, postsPerSecond));
        for (int i = 0; i < clientCount; i++) {
            Map<String, ConcurrentSkipListMap<Long, String>> mine = new ConcurrentHashMap<>();
            received.add(mine);
            ClientOptions template = ClientOptions.forUser("sip:drill" + i + "@" + DrillPool.DOMAIN)
                    .withCommandTimeout(Duration.ofSeconds(10)).withConnectTimeout(Duration.ofSeconds(5));
            PoolClient client = PoolClient.open(PoolClientOptions.of(template, addresses.toArray(String[]::new))
                    .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500)), new PoolListener() {
                        @Override
                        public void onMessage(RoomUri room, ChatMessage message) {
                            mine.computeIfAbsent(room.id(), r -> new ConcurrentSkipListMap<>())
                                    .put(message.msgid(), message.text());
                        }

                        @Override
                        public void onGap(RoomUri room, long first, long last) {
                            gapsReported.addAndGet(last - first + 1);
                        }
                    });
            clients.add(client);
            for (RoomUri room : rooms) {
                client.join(room, 0).get(30, TimeUnit.SECONDS);
            }
        }
        for (int i = 0; i < clientCount; i++) {
            int index = i;
            Thread t = new Thread(() -> post(index), "pchat-drill-client-" + i);
            t.setDaemon(true);
            posters.add(t);
        }
    }

    void start() {
        posting = true;
        posters.forEach(Thread::start);
    }

    /** Stops new posts; the one in flight per client finishes (or fails) within its timeout. */
    void pause() {
        posting = false;
    }

    void resume() {
        posting = true;
    }

    private void post(int index) {
        PoolClient client = clients.get(index);
        long n = 0;
        while (!stopped) {
            if (!posting) {
                sleep(20);
                continue;
            }
            RoomUri room = rooms.get((int) (n % rooms.size()));
            String text = "drill" + index + "-" + n;
            n++;
            inFlight.incrementAndGet();
            try {
                PostReceipt receipt = client.post(room, text).get(60, TimeUnit.SECONDS);
                acks.add(new Ack(receipt.room().id(), text, Instant.now()));
            } catch (Exception e) {
                failedPosts.incrementAndGet();
                log.debug("drill post {} not stored: {}", text, e.toString());
            } finally {
                inFlight.decrementAndGet();
            }
            sleep(pauseMillis);
        }
    }

    List<Ack> acks() {
        return List.copyOf(acks);
    }

    /** The highest msgid client {@code index} received in {@code roomId}, or 0. */
    long lastReceived(int index, String roomId) {
        var room = received.get(index).get(roomId);
        return room == null || room.isEmpty() ? 0 : room.lastKey();
    }

    /** The text client {@code index} received under {@code msgid} in {@code roomId}, or null. */
    String textOf(int index, String roomId, long msgid) {
        var room = received.get(index).get(roomId);
        return room == null ? null : room.get(msgid);
    }

    /** The msgid under which some client received {@code text} in {@code roomId}, if one did. */
    OptionalLong receivedMsgid(String roomId, String text) {
        for (Map<String, ConcurrentSkipListMap<Long, String>> mine : received) {
            var room = mine.get(roomId);
            if (room != null) {
                for (Map.Entry<Long, String> e : room.entrySet()) {
                    if (e.getValue().equals(text)) {
                        return OptionalLong.of(e.getKey());
                    }
                }
            }
        }
        return OptionalLong.empty();
    }

    /** Posts sent and not yet answered. */
    int inFlight() {
        return inFlight.get();
    }

    int clientCount() {
        return clients.size();
    }

    long failedPosts() {
        return failedPosts.get();
    }

    long gapsReported() {
        return gapsReported.get();
    }

    long reconnects() {
        return clients.stream().mapToLong(c -> c.stats().reconnects()).sum();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        posting = false;
        for (Thread t : posters) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        clients.forEach(PoolClient::close);
    }
}
