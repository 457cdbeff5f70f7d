package io.pchat.client.load;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import io.netty.channel.EventLoopGroup;
import io.pchat.client.BatchJoin;
import io.pchat.client.ChatClient;
import io.pchat.client.ChatListener;
import io.pchat.client.ClientOptions;
import io.pchat.client.CommandResult;
import io.pchat.client.RoomSummary;
import io.pchat.protocol.xccos.RoomUri;

/**
 * The simulated users of a run: one {@link ChatClient} (SIP dialog over its own TCP connection)
 * each, on one shared event loop group, and which rooms each has joined.
 *
 * <p>Room membership: room {@code r} of size {@code s} is joined by the {@code s} users that
 * follow the previous room's last member (wrapping around), so memberships spread evenly. The
 * flat arrays {@link #memberUser}/{@link #memberRoom} list every (user, room) pair: a post picks
 * one at random, so rooms get posts in proportion to their size.
 *
 * <p>Source addresses: against a loopback node, connection {@code i} binds
 * {@code 127.0.0.(1 + i / PER_ADDRESS)}, so more sessions than one address has ephemeral ports
 * can be opened.
 */
final class Population implements AutoCloseable {
    static final int PER_ADDRESS = 20_000;
    private static final int CONCURRENT_SETUPS = 128;

    final LoadOptions options;
    final ChatClient[] clients;
    final RoomUri[] roomUris;
    final int[] roomSize;
    /** The first of room r's members; the others follow it (wrapping around). */
    final int[] roomFirstUser;
    final int[] memberUser;
    final int[] memberRoom;
    private final EventLoopGroup group;

    Population(LoadOptions options, EventLoopGroup group) {
        this.options = options;
        this.group = group;
        this.clients = new ChatClient[options.users()];
        int rooms = options.rooms().size();
        this.roomUris = new RoomUri[rooms];
        this.roomSize = new int[rooms];
        this.roomFirstUser = new int[rooms];
        long total = RoomPlan.memberships(options.rooms());
        this.memberUser = new int[(int) total];
        this.memberRoom = new int[(int) total];
        int next = 0;
        int userCursor = 0;
        for (int r = 0; r < rooms; r++) {
            roomSize[r] = options.rooms().get(r).size();
            roomFirstUser[r] = userCursor;
            for (int j = 0; j < roomSize[r]; j++) {
                memberUser[next] = (userCursor + j) % options.users();
                memberRoom[next] = r;
                next++;
            }
            userCursor = (userCursor + roomSize[r]) % options.users();
        }
    }

    /**
     * Opens every session, at most {@value #CONCURRENT_SETUPS} INVITEs at a time. Returns the
     * number that failed; user i's {@code listeners} is added to its client before it can hear
     * anything useful.
     */
    int connect(ClientOptions base, boolean spreadSources, IntFunction<ChatListener> listeners) throws InterruptedException {
        Semaphore slots = new Semaphore(CONCURRENT_SETUPS);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        for (int i = 0; i < clients.length; i++) {
            slots.acquire();
            ClientOptions o = base.withEventLoopGroup(group);
            o = forUser(o, options.user(i));
            if (spreadSources) {
                o = o.withLocalAddress("127.0.0." + (1 + i / PER_ADDRESS));
            }
            int index = i;
            ChatClient.connect(o).whenComplete((client, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, error);
                } else {
                    client.addListener(listeners.apply(index));
                    clients[index] = client;
                }
                slots.release();
            });
        }
        slots.acquire(CONCURRENT_SETUPS);
        if (firstError.get() != null) {
            System.err.println("pchat bench: " + failed.get() + " sessions failed, first: " + firstError.get());
        }
        return failed.get();
    }

    /**
     * Finds every room of the plan by name, one exact-name room search per room spread over the
     * sessions (a search for all of them at once can exceed the reply size a client accepts);
     * fails naming the first missing one.
     */
    void resolveRooms() throws Exception {
        List<ChatClient> askers = new ArrayList<>();
        for (ChatClient c : clients) {
            if (c != null && c.isOpen()) {
                askers.add(c);
            }
        }
        if (askers.isEmpty()) {
            throw new IOException("no session is open");
        }
        Semaphore slots = new Semaphore(CONCURRENT_SETUPS);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int r = 0; r < roomUris.length; r++) {
            slots.acquire();
            String name = options.rooms().get(r).name();
            int index = r;
            askers.get(r % askers.size()).searchRooms(name, false).whenComplete((found, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else {
                    for (RoomSummary room : found.value()) {
                        Optional<RoomUri> uri = RoomUri.parse(room.uri());
                        if (name.equalsIgnoreCase(room.name()) && uri.isPresent()) {
                            roomUris[index] = uri.get();
                        }
                    }
                }
                slots.release();
            });
        }
        slots.acquire(CONCURRENT_SETUPS);
        if (failure.get() != null) {
            throw new IOException("room search failed: " + failure.get(), failure.get());
        }
        for (int r = 0; r < roomUris.length; r++) {
            if (roomUris[r] == null) {
                throw new IOException("no room named " + options.rooms().get(r).name() + " on the node: create the run's"
                        + " rooms first (pchat bench --prepare-data-dir DIR with the same workload, then start the node on DIR)");
            }
        }
    }

    /** Joins every user to its rooms (one bjoin per user), at most {@value #CONCURRENT_SETUPS} at a time. */
    int joinAll() throws InterruptedException {
        List<List<RoomUri>> perUser = new ArrayList<>();
        for (int i = 0; i < clients.length; i++) {
            perUser.add(new ArrayList<>());
        }
        for (int m = 0; m < memberUser.length; m++) {
            perUser.get(memberUser[m]).add(roomUris[memberRoom[m]]);
        }
        Semaphore slots = new Semaphore(CONCURRENT_SETUPS);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < clients.length; i++) {
            List<RoomUri> rooms = perUser.get(i);
            if (rooms.isEmpty() || clients[i] == null) {
                continue;
            }
            slots.acquire();
            CompletableFuture<? extends CommandResult<?>> joining = rooms.size() == 1 ? clients[i].join(rooms.get(0))
                    : clients[i].bjoin(rooms);
            joining.whenComplete((result, error) -> {
                if (error != null || !result.isOk() || failedRooms(result) > 0) {
                    failed.incrementAndGet();
                }
                slots.release();
            });
        }
        slots.acquire(CONCURRENT_SETUPS);
        return failed.get();
    }

    /** Where user {@code user} is among room {@code room}'s members (0 for its first), or -1 when it is not one. */
    int slotOf(int user, int room) {
        int slot = Math.floorMod(user - roomFirstUser[room], clients.length);
        return slot < roomSize[room] ? slot : -1;
    }

    /** The user at {@code slot} among room {@code room}'s members. */
    int memberOfSlot(int room, int slot) {
        return (roomFirstUser[room] + slot) % clients.length;
    }

    int open() {
        int n = 0;
        for (ChatClient c : clients) {
            if (c != null && c.isOpen()) {
                n++;
            }
        }
        return n;
    }

    /** Ends every session (BYE), many at once; bounded by the client's own BYE wait. */
    @Override
    public void close() {
        ExecutorService closers = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "pchat-load-close");
            t.setDaemon(true);
            return t;
        });
        for (ChatClient c : clients) {
            if (c != null) {
                closers.execute(c::close);
            }
        }
        closers.shutdown();
        try {
            closers.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static int failedRooms(CommandResult<?> result) {
        return result.value() instanceof BatchJoin batch ? batch.failed().size() : 0;
    }

    private static ClientOptions forUser(ClientOptions base, String user) {
        return new ClientOptions(base.host(), base.port(), base.localAddress(), user, base.password(), base.domain(),
                base.serviceUri(), base.commandTimeout(), base.connectTimeout(), base.sessionExpires(),
                base.maxRedirects(), base.eventLoopGroup(), base.tls());
    }
}
