package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pchat.storage.ChatStore;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.pool.PoolEpoch;
import io.pchat.storage.pool.PoolState;

/**
 * Room ownership on one node ("n1") with a fake node link: when it may sequence a room, how it
 * claims a room from its peers, and how it gives a room up.
 */
class RoomOwnershipTest {
    static final long CLAIM_TIMEOUT_MILLIS = 600;
    static final Duration WAIT = Duration.ofSeconds(5);
    static final AtomicInteger DB = new AtomicInteger();

    static ChatStore store;

    ScheduledExecutorService timer;
    RoomOwnership ownership;
    /** Who was asked for which room, in order. */
    final List<String> asked = new CopyOnWriteArrayList<>();
    /** What each peer answers; a peer not listed grants at once. */
    final Map<String, java.util.function.Function<String, CompletableFuture<Boolean>>> answers = new ConcurrentHashMap<>();

    @BeforeAll
    static void open() {
        store = ChatStore.open(StorageConfig.builder()
                .primary(EndpointConfig.of("jdbc:h2:mem:ownership" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1")).build(),
                new PoolEpoch(1));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @BeforeEach
    void create() {
        timer = Executors.newSingleThreadScheduledExecutor();
        ownership = new RoomOwnership("n1", store.messageLog(), timer, CLAIM_TIMEOUT_MILLIS);
        ownership.peers((peer, roomId) -> {
            asked.add(peer + ":" + roomId);
            var answer = answers.get(peer);
            return answer == null ? CompletableFuture.completedFuture(true) : answer.apply(roomId);
        });
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    /** A view where {@code liveActive} own the rooms and {@code leased} hold a lease. */
    private static PoolView view(List<String> liveActive, Set<String> leased) {
        return new PoolView(1, PoolState.NORMAL, liveActive, leased, liveActive, liveActive.contains("n1"),
                EndpointRole.PRIMARY, Instant.now());
    }

    /** A room that {@code owner} wins among {@code nodes}. */
    private static String roomOwnedBy(String owner, List<String> nodes) {
        return IntStream.range(0, 10_000).mapToObj(i -> "room-" + i + "@example.com")
                .filter(r -> owner.equals(Rendezvous.owner(r, nodes).orElseThrow())).findFirst().orElseThrow();
    }

    /** Why {@code f} failed, waiting for it at most {@link #WAIT}. */
    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
            throw new AssertionError("did not fail within " + WAIT, e);
        }
        throw new AssertionError("completed normally, expected a failure");
    }

    private String claimed(List<String> active, Set<String> leased) {
        ownership.update(view(active, leased));
        String room = roomOwnedBy("n1", active);
        assertThat(ownership.sequencing(room)).succeedsWithin(WAIT);
        return room;
    }

    @Test
    void beforeTheFirstViewNoRoomCanBeSequenced() {
        assertThat(failure(ownership.sequencing("lobby"))).isInstanceOf(RoomUnavailableException.class)
                .hasMessageContaining("no live active node");
        assertThat(ownership.claimed()).isEmpty();
    }

    @Test
    void sequencingFailsForARoomAnotherNodeOwns() {
        List<String> active = List.of("n1", "n2");
        ownership.update(view(active, Set.of("n1", "n2")));
        String theirs = roomOwnedBy("n2", active);
        assertThat(failure(ownership.sequencing(theirs))).isInstanceOf(RoomUnavailableException.class)
                .hasMessageContaining("owned by n2");
        assertThat(asked).isEmpty();
        assertThat(ownership.claimed()).isEmpty();
        assertThat(ownership.begin(theirs)).isNull();
    }

    @Test
    void aNodeAloneSequencesItsRoomsWithoutAskingAnyone() {
        String room = claimed(List.of("n1"), Set.of("n1"));
        assertThat(asked).isEmpty();
        assertThat(ownership.claimed()).containsExactly(room.toLowerCase(Locale.ROOT));
        assertThat(ownership.begin(room)).isNotNull();
    }

    @Test
    void sequencingStartsOnlyOnceEveryLeasedPeerGranted() {
        CompletableFuture<Boolean> n3 = new CompletableFuture<>();
        answers.put("n3", room -> n3);
        // n4 holds a lease but is not active: it may still sequence the room from an older view, so it is asked too
        List<String> active = List.of("n1", "n2", "n3");
        ownership.update(view(active, Set.of("n1", "n2", "n3", "n4")));
        String room = roomOwnedBy("n1", active);

        CompletableFuture<Void> ready = ownership.sequencing(room);
        await().atMost(WAIT).until(() -> asked.size() == 3);
        assertThat(asked).containsExactlyInAnyOrder("n2:" + room, "n3:" + room, "n4:" + room);
        assertThat(ready).isNotDone();
        assertThat(ownership.begin(room)).as("no append before the claim is confirmed").isNull();

        n3.complete(true);
        assertThat(ready).succeedsWithin(WAIT);
        assertThat(ownership.begin(room)).isNotNull();
        assertThat(asked).hasSize(3);
    }

    @Test
    void aNodeWithoutALeaseIsNotAsked() {
        List<String> active = List.of("n1", "n2");
        claimed(active, Set.of("n1")); // n2 is in the active list but its lease expired
        assertThat(asked).isEmpty();
    }

    @Test
    void roomIdsOfOneRoomShareOneClaimWhateverTheirCase() {
        List<String> active = List.of("n1", "n2");
        String room = claimed(active, Set.of("n1", "n2"));
        assertThat(ownership.sequencing(room.toUpperCase(Locale.ROOT))).succeedsWithin(WAIT);
        assertThat(asked).as("asked once").hasSize(1);
        assertThat(ownership.begin(room.toUpperCase(Locale.ROOT))).isNotNull();
    }

    @Test
    void aClaimRetriesWhileAPeerRefusesAndSucceedsWhenItGrants() {
        AtomicInteger refusals = new AtomicInteger(2);
        answers.put("n2", room -> CompletableFuture.completedFuture(refusals.getAndDecrement() <= 0));
        List<String> active = List.of("n1", "n2");
        ownership.update(view(active, Set.of("n1", "n2")));
        String room = roomOwnedBy("n1", active);

        assertThat(ownership.sequencing(room)).succeedsWithin(WAIT);
        assertThat(asked).containsExactly("n2:" + room, "n2:" + room, "n2:" + room);
    }

    @Test
    void aPeerThatCannotBeReachedCountsAsARefusal() {
        AtomicInteger failures = new AtomicInteger(1);
        answers.put("n2", room -> failures.getAndDecrement() > 0
                ? CompletableFuture.failedFuture(new RoomUnavailableException("no node link to n2"))
                : CompletableFuture.completedFuture(true));
        List<String> active = List.of("n1", "n2");
        ownership.update(view(active, Set.of("n1", "n2")));
        String room = roomOwnedBy("n1", active);

        assertThat(ownership.sequencing(room)).succeedsWithin(WAIT);
        assertThat(asked).hasSize(2);
    }

    @Test
    void aClaimAPeerKeepsRefusingFailsAfterTheClaimTimeout() {
        answers.put("n2", room -> CompletableFuture.completedFuture(false));
        List<String> active = List.of("n1", "n2");
        ownership.update(view(active, Set.of("n1", "n2")));
        String room = roomOwnedBy("n1", active);

        long start = System.nanoTime();
        CompletableFuture<Void> ready = ownership.sequencing(room);
        Throwable t = failure(ready);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(t).isInstanceOf(RoomUnavailableException.class).hasMessageContaining("could not be claimed")
                .hasMessageContaining("n2");
        assertThat(tookMillis).isGreaterThanOrEqualTo(CLAIM_TIMEOUT_MILLIS - 50);
        assertThat(asked.size()).as("retried meanwhile").isGreaterThan(2);
        assertThat(ownership.claimed()).isEmpty();
        assertThat(ownership.begin(room)).isNull();

        // a later attempt is a fresh claim, which succeeds once the peer grants
        answers.remove("n2");
        assertThat(ownership.sequencing(room)).succeedsWithin(WAIT);
    }

    @Test
    void beginReturnsNullOnceTheRoomIsReleased() {
        String room = claimed(List.of("n1", "n2"), Set.of("n1", "n2"));
        Runnable end = ownership.begin(room);
        assertThat(end).isNotNull();
        end.run();
        assertThat(ownership.release(room)).succeedsWithin(WAIT);
        assertThat(ownership.begin(room)).isNull();
        assertThat(ownership.claimed()).isEmpty();
    }

    @Test
    void aReleaseWaitsForTheAppendsInFlight() throws InterruptedException {
        String room = claimed(List.of("n1", "n2"), Set.of("n1", "n2"));
        Runnable first = ownership.begin(room);
        Runnable second = ownership.begin(room);

        CompletableFuture<Void> released = ownership.release(room);
        assertThat(ownership.begin(room)).as("no new append once releasing").isNull();
        first.run();
        Thread.sleep(200); // time enough to complete, were it not waiting
        assertThat(released).as("one append still in flight").isNotDone();
        second.run();
        assertThat(released).succeedsWithin(WAIT);
    }

    @Test
    void theNewOwnerIsGrantedARoomTheViewMovedOnlyOnceItsAppendsInFlightAreDurable() throws InterruptedException {
        String room = claimed(List.of("n1", "n2"), Set.of("n1", "n2"));
        Runnable inFlight = ownership.begin(room);
        ownership.update(view(List.of("n2"), Set.of("n1", "n2"))); // the view moves the room to n2 first

        CompletableFuture<Boolean> granted = ownership.onAcquire("n2", room);
        Thread.sleep(200); // time enough to complete, were it not waiting
        assertThat(granted).as("an append of the room is still in flight here").isNotDone();
        inFlight.run();
        assertThat(granted).succeedsWithin(WAIT).isEqualTo(true);
    }

    @Test
    void aReleaseOfARoomNotClaimedCompletesAtOnce() {
        assertThat(ownership.release("never-claimed")).isCompleted();
    }

    @Test
    void aViewNamingAnotherOwnerReleasesTheClaim() {
        String room = claimed(List.of("n1", "n2"), Set.of("n1", "n2"));
        ownership.update(view(List.of("n2"), Set.of("n1", "n2"))); // n1 leaves the active list
        assertThat(ownership.claimed()).isEmpty();
        assertThat(ownership.begin(room)).isNull();
        assertThat(failure(ownership.sequencing(room))).isInstanceOf(RoomUnavailableException.class)
                .hasMessageContaining("owned by n2");
    }

    @Test
    void aNodeJoiningTheActiveListTakesOnlyTheRoomsItWins() {
        List<String> before = List.of("n1", "n2");
        List<String> after = List.of("n1", "n2", "n3");
        ownership.update(view(before, Set.of("n1", "n2", "n3")));
        String moves = IntStream.range(0, 10_000).mapToObj(i -> "room-" + i)
                .filter(r -> Rendezvous.owner(r, before).orElseThrow().equals("n1")
                        && Rendezvous.owner(r, after).orElseThrow().equals("n3")).findFirst().orElseThrow();
        String stays = roomOwnedBy("n1", after);
        assertThat(ownership.sequencing(moves)).succeedsWithin(WAIT);
        assertThat(ownership.sequencing(stays)).succeedsWithin(WAIT);

        ownership.update(view(after, Set.of("n1", "n2", "n3")));
        assertThat(ownership.claimed()).containsExactly(stays.toLowerCase(Locale.ROOT));
        assertThat(ownership.begin(moves)).isNull();
        assertThat(ownership.begin(stays)).isNotNull();
    }

    @Test
    void aViewChangeKeepsTheClaimsOfRoomsThisNodeStillOwns() {
        List<String> three = List.of("n1", "n2", "n3");
        ownership.update(view(three, Set.of("n1", "n2", "n3")));
        String room = roomOwnedBy("n1", three);
        assertThat(ownership.sequencing(room)).succeedsWithin(WAIT);
        // n3 leaves: by rendezvous n1 keeps every room it had
        ownership.update(view(List.of("n1", "n2"), Set.of("n1", "n2")));
        assertThat(ownership.claimed()).containsExactly(room.toLowerCase(Locale.ROOT));
        assertThat(ownership.begin(room)).isNotNull();
    }

    @Test
    void aClaimInProgressFailsWhenTheViewMovesTheRoomAway() {
        CompletableFuture<Boolean> n2 = new CompletableFuture<>();
        answers.put("n2", room -> n2);
        List<String> active = List.of("n1", "n2");
        ownership.update(view(active, Set.of("n1", "n2")));
        String room = roomOwnedBy("n1", active);
        CompletableFuture<Void> ready = ownership.sequencing(room);
        await().atMost(WAIT).until(() -> !asked.isEmpty());

        ownership.update(view(List.of("n2"), Set.of("n1", "n2")));
        assertThat(failure(ready)).isInstanceOf(RoomUnavailableException.class);
        n2.complete(true); // the late grant does not revive the claim
        assertThat(ownership.claimed()).isEmpty();
        assertThat(ownership.begin(room)).isNull();
    }

    @Test
    void onAcquireGrantsOnlyAPeerThisNodesViewNamesAsOwner() {
        List<String> active = List.of("n1", "n2");
        ownership.update(view(active, Set.of("n1", "n2", "n3")));
        String n2s = roomOwnedBy("n2", active);
        String n1s = roomOwnedBy("n1", active);

        assertThat(ownership.onAcquire("n2", n2s)).succeedsWithin(WAIT).isEqualTo(true);
        assertThat(ownership.onAcquire("n3", n2s)).as("n3 is not the owner").succeedsWithin(WAIT).isEqualTo(false);
        assertThat(ownership.onAcquire("n2", n1s)).as("n1 owns it").succeedsWithin(WAIT).isEqualTo(false);
    }

    @Test
    void onAcquireRefusedKeepsThisNodesClaim() {
        String room = claimed(List.of("n1", "n2"), Set.of("n1", "n2"));
        assertThat(ownership.onAcquire("n2", room)).succeedsWithin(WAIT).isEqualTo(false);
        assertThat(ownership.claimed()).containsExactly(room.toLowerCase(Locale.ROOT));
        assertThat(ownership.begin(room)).isNotNull();
    }

    @Test
    void releaseAllGivesUpEveryRoom() {
        List<String> active = List.of("n1");
        ownership.update(view(active, Set.of("n1")));
        assertThat(ownership.sequencing("a")).succeedsWithin(WAIT);
        assertThat(ownership.sequencing("b")).succeedsWithin(WAIT);
        Runnable inFlight = ownership.begin("a");
        CompletableFuture<Void> all = ownership.releaseAll();
        assertThat(ownership.claimed()).isEmpty();
        assertThat(all).isNotDone();
        inFlight.run();
        assertThat(all).succeedsWithin(WAIT);
    }
}
