package io.pchat.client.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.pchat.client.ChatMessage;
import io.pchat.client.ClientOptions;
import io.pchat.client.ConnectionLostException;
import io.pchat.lifecycle.LifeCycle;
import io.pchat.protocol.xccos.Gap;
import io.pchat.protocol.xccos.RoomUri;

/** The pool client against a scripted pool: reconnection, catch-up, exactly-once delivery and posts. */
class PoolClientTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    /** Everything a listener heard. */
    static final class Heard implements PoolListener {
        final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
        final List<String> gaps = new CopyOnWriteArrayList<>();
        final List<NodeAddress> connected = new CopyOnWriteArrayList<>();
        final List<String> disconnected = new CopyOnWriteArrayList<>();
        final List<String> roomsLost = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(RoomUri room, ChatMessage message) {
            messages.add(message);
        }

        @Override
        public void onGap(RoomUri room, long firstMsgid, long lastMsgid) {
            gaps.add(room.id() + " " + firstMsgid + ".." + lastMsgid);
        }

        @Override
        public void onConnected(NodeAddress address) {
            connected.add(address);
        }

        @Override
        public void onDisconnected(String reason) {
            disconnected.add(reason);
        }

        @Override
        public void onRoomLost(RoomUri room, String reason) {
            roomsLost.add(room.id() + " " + reason);
        }

        List<Long> msgids(RoomUri room) {
            return messages.stream().filter(m -> room.toString().equals(m.room())).map(ChatMessage::msgid).toList();
        }

        List<String> texts(RoomUri room) {
            return messages.stream().filter(m -> room.toString().equals(m.room())).map(ChatMessage::text).toList();
        }
    }

    private final List<PoolClient> clients = new ArrayList<>();
    private final Heard heard = new Heard();

    @AfterEach
    void closeAll() {
        clients.forEach(PoolClient::close);
    }

    static PoolClientOptions options(FakePool pool) {
        return new PoolClientOptions(pool.addresses(), ClientOptions.forUser(FakePool.ALICE)
                .withCommandTimeout(Duration.ofSeconds(2)), Duration.ofMillis(10), Duration.ofMillis(80), 5, Duration.ZERO);
    }

    PoolClient open(FakePool pool) throws Exception {
        return open(options(pool), pool);
    }

    PoolClient open(PoolClientOptions options, FakePool pool) throws Exception {
        PoolClient client = PoolClient.open(options, heard, pool.connector());
        clients.add(client);
        return client;
    }

    static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void openTakesTheFirstAddressThatAcceptsAndFailsNamingEveryAddressWhenNoneDoes() throws Exception {
        FakePool pool = new FakePool(3);
        pool.node(0).stop();
        PoolClient client = open(pool);
        assertThat(client.currentAddress()).contains(pool.node(1).address);
        assertThat(heard.connected).containsExactly(pool.node(1).address);

        pool.nodes.forEach(FakePool.Node::stop);
        assertThatThrownBy(() -> PoolClient.open(options(pool), heard, pool.connector()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("10.0.0.1:5041").hasMessageContaining("10.0.0.2:5041")
                .hasMessageContaining("10.0.0.3:5041").hasMessageContaining("Connection refused");
    }

    @Test
    void itsLifecycleMakesNoSessionUntilStartedAndAStoppedClientIsNotStartedAgain() throws Exception {
        FakePool pool = new FakePool(2);
        PoolClient client = new PoolClient(options(pool), pool.connector());
        clients.add(client);
        client.addListener(heard);
        assertThat(client.state()).isEqualTo(LifeCycle.State.STOPPED);
        assertThat(client.currentAddress()).isEmpty();
        assertThat(heard.connected).isEmpty();

        client.start();
        client.start(); // a started client is left as it is: still one session
        assertThat(client.state()).isEqualTo(LifeCycle.State.STARTED);
        assertThat(heard.connected).containsExactly(pool.node(0).address);

        client.stop();
        assertThat(client.state()).isEqualTo(LifeCycle.State.STOPPED);
        assertThatThrownBy(client::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started again");

        pool.nodes.forEach(FakePool.Node::stop);
        PoolClient refused = new PoolClient(options(pool), pool.connector());
        assertThatThrownBy(refused::start).isInstanceOf(IOException.class);
        assertThat(refused.state()).isEqualTo(LifeCycle.State.FAILED);
    }

    @Test
    void aJoinDeliversWhatIsPostedAfterItNotTheHistoryBeforeAndAJoinFromAMsgidDeliversFromThere() throws Exception {
        FakePool pool = new FakePool(1);
        RoomUri now = pool.room("now");
        RoomUri resume = pool.room("resume");
        for (int i = 1; i <= 12; i++) {
            pool.post(FakePool.BOB, now, "old " + i);
            pool.post(FakePool.BOB, resume, "old " + i);
        }
        PoolClient client = open(pool);

        get(client.join(now));
        get(client.join(resume, 4));
        pool.post(FakePool.BOB, now, "new");
        pool.post(FakePool.BOB, resume, "new");

        await().atMost(WAIT).until(() -> heard.msgids(resume).size() == 9 && heard.msgids(now).size() == 1);
        assertThat(heard.texts(now)).containsExactly("new");
        assertThat(heard.msgids(resume)).containsExactlyElementsOf(LongStream.rangeClosed(5, 13).boxed().toList());
        assertThat(client.lastDelivered(now)).hasValue(13);
        assertThat(client.stats().delivered()).isEqualTo(10);
    }

    @Test
    void msgidsTheHistoryNamesAsAGapAreSteppedOverNotReportedLostEvenWithAHoleAboveThem() throws Exception {
        FakePool pool = new FakePool(2);
        pool.node(1).stop();
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        get(client.join(room));
        pool.post(FakePool.BOB, room, "before 1");
        pool.post(FakePool.BOB, room, "before 2");
        await().atMost(WAIT).until(() -> heard.msgids(room).size() == 2);

        // a failover: the numbering resumes beyond the lost side (3..1002 skipped, recorded); the client is away
        pool.node(0).stop();
        await().atMost(WAIT).until(() -> !client.isConnected());
        assertThat(pool.skip(room, 1000)).isEqualTo(new Gap(3, 1002));
        for (int i = 1; i <= 40; i++) {
            pool.post(FakePool.BOB, room, "after " + i); // 1003..1042: more than a catch-up page
        }
        pool.node(1).start();

        await().atMost(WAIT).until(() -> heard.msgids(room).size() == 42);
        assertThat(heard.msgids(room)).containsExactlyElementsOf(LongStream.concat(LongStream.of(1, 2),
                LongStream.rangeClosed(1003, 1042)).boxed().toList());
        assertThat(heard.gaps).as("a named gap is not a loss").isEmpty();
        assertThat(client.stats().lost()).isZero();
        assertThat(client.lastDelivered(room)).hasValue(1042);
    }

    @Test
    void afterANodeStopsItReconnectsToTheNextOneAndCatchesUpEveryMessageOnceInOrder() throws Exception {
        FakePool pool = new FakePool(2);
        pool.node(1).stop();
        RoomUri room = pool.room("r");
        RoomUri other = pool.room("o");
        PoolClient client = open(pool);
        get(client.join(room));
        get(client.join(other));
        for (int i = 1; i <= 3; i++) {
            pool.post(FakePool.BOB, room, "before " + i);
        }
        await().atMost(WAIT).until(() -> heard.msgids(room).size() == 3);

        pool.node(0).stop();
        await().atMost(WAIT).until(() -> !client.isConnected());
        for (int i = 1; i <= 22; i++) {
            pool.post(FakePool.BOB, room, "during " + i);
        }
        pool.post(FakePool.BOB, other, "other during");
        pool.node(1).start();
        // a message posted while the client rejoins: live before its catch-up is done
        pool.node(1).afterJoin = r -> {
            if (r.equals(room)) {
                pool.node(1).afterJoin = x -> { };
                pool.post(FakePool.BOB, room, "while rejoining");
            }
        };

        await().atMost(WAIT).until(() -> heard.msgids(room).size() == 26 && heard.msgids(other).size() == 1);
        pool.post(FakePool.BOB, room, "after");
        await().atMost(WAIT).until(() -> heard.msgids(room).size() == 27);
        assertThat(heard.msgids(room)).containsExactlyElementsOf(oneTo(27));
        assertThat(heard.texts(room)).containsExactlyElementsOf(pool.storedTexts(room));
        assertThat(heard.msgids(other)).containsExactly(1L);
        assertThat(client.currentAddress()).contains(pool.node(1).address);
        assertThat(heard.disconnected).hasSize(1);
        assertThat(heard.connected).containsExactly(pool.node(0).address, pool.node(1).address);
        PoolStats stats = client.stats();
        assertThat(stats.reconnects()).isEqualTo(1);
        assertThat(stats.filledFromHistory()).isEqualTo(23);
        assertThat(stats.delivered()).isEqualTo(28);
        assertThat(stats.lost()).isZero();
        assertThat(heard.gaps).isEmpty();
        assertThat(pool.historyRequests).as("the catch-up pages back, 5 at a time")
                .filteredOn(r -> r.startsWith("before ")).hasSizeGreaterThanOrEqualTo(4)
                .allMatch(r -> Integer.parseInt(r.substring(r.lastIndexOf(' ') + 1)) <= 5);
    }

    @Test
    void reconnectionGoesRoundRobinFromTheNextAddressUntilOneAcceptsBackingOffUpToTheMax() throws Exception {
        FakePool pool = new FakePool(3);
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        get(client.join(room));
        pool.nodes.forEach(FakePool.Node::stop);
        await().atMost(WAIT).until(() -> pool.connects.get() > 20);

        pool.node(0).start();

        await().atMost(WAIT).until(client::isConnected);
        assertThat(client.currentAddress()).contains(pool.node(0).address);
        List<NodeAddress> dialed = pool.dialed.subList(1, pool.dialed.size());
        for (int i = 0; i < dialed.size(); i++) {
            assertThat(dialed.get(i)).as("attempt " + i).isEqualTo(pool.node((i + 1) % 3).address);
        }
        pool.post(FakePool.BOB, room, "back");
        await().atMost(WAIT).until(() -> heard.msgids(room).equals(List.of(1L)));
    }

    @Test
    void aNodeThatKeepsTheConnectionButAnswersNothingIsLeftAfterAProbeTimesOut() throws Exception {
        FakePool pool = new FakePool(2);
        RoomUri room = pool.room("r");
        PoolClient client = open(options(pool).withKeepAlive(Duration.ofMillis(100)), pool);
        get(client.join(room));
        await().atMost(WAIT).until(() -> pool.probes.get() >= 2);
        assertThat(client.stats().reconnects()).isZero();

        pool.node(0).hung = true;

        await().atMost(WAIT).until(() -> client.stats().reconnects() == 1);
        assertThat(client.currentAddress()).contains(pool.node(1).address);
        assertThat(heard.disconnected).containsExactly("no answer in time");
        await("the hung session is closed").atMost(WAIT).until(() -> pool.node(0).sessions.isEmpty());
    }

    @Test
    void duplicatesFromTheNodeAreDroppedAndCounted() throws Exception {
        FakePool pool = new FakePool(1);
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        get(client.join(room));
        ChatMessage first = pool.post(FakePool.BOB, room, "one");
        FakePool.Session session = pool.node(0).sessions.get(0);
        pool.push(session, first);
        pool.post(FakePool.BOB, room, "two");

        await().atMost(WAIT).until(() -> heard.msgids(room).size() == 2);
        await().atMost(WAIT).until(() -> client.stats().duplicatesDropped() == 1);
        assertThat(heard.msgids(room)).containsExactly(1L, 2L);
    }

    @Test
    void aPostWhoseVerdictWasLostButWhichWasStoredIsFoundInTheHistoryAndNotSentAgain() throws Exception {
        FakePool pool = new FakePool(2);
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        get(client.join(room));
        pool.node(0).posts = text -> text.equals("important") ? FakePool.PostFate.STORE_THEN_DROP : FakePool.PostFate.STORE;

        PostReceipt receipt = get(client.post(room, "important"));
        PostReceipt next = get(client.post(room, "next"));

        assertThat(receipt.how()).isEqualTo(PostReceipt.Resolution.FOUND_IN_HISTORY);
        assertThat(receipt.attempts()).isEqualTo(1);
        assertThat(next.how()).isEqualTo(PostReceipt.Resolution.ACKNOWLEDGED);
        assertThat(pool.storedTexts(room)).containsExactly("important", "next");
        assertThat(client.stats().postsRecovered()).isEqualTo(1);
        assertThat(client.stats().postsRetried()).isZero();
        await().atMost(WAIT).until(() -> heard.msgids(room).size() == 2);
        assertThat(heard.texts(room)).containsExactly("important", "next");
    }

    @Test
    void a504ForAPostThatWasStoredIsResolvedFromTheHistoryAndNotSentAgain() throws Exception {
        FakePool pool = new FakePool(1);
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        get(client.join(room));
        pool.node(0).posts = text -> text.equals("maybe") ? FakePool.PostFate.STORE_THEN_UNKNOWN : FakePool.PostFate.STORE;

        PostReceipt receipt = get(client.post(room, "maybe"));
        PostReceipt next = get(client.post(room, "next"));

        assertThat(receipt.how()).isEqualTo(PostReceipt.Resolution.FOUND_IN_HISTORY);
        assertThat(receipt.attempts()).isEqualTo(1);
        assertThat(next.how()).isEqualTo(PostReceipt.Resolution.ACKNOWLEDGED);
        assertThat(pool.storedTexts(room)).containsExactly("maybe", "next");
        assertThat(client.stats().postsRecovered()).isEqualTo(1);
    }

    @Test
    void a504ForAPostThatWasNotStoredIsSentAgainOnce() throws Exception {
        FakePool pool = new FakePool(1);
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        get(client.join(room));
        AtomicInteger unknown = new AtomicInteger();
        pool.node(0).posts = text -> text.equals("maybe") && unknown.getAndIncrement() == 0 ? FakePool.PostFate.UNKNOWN
                : FakePool.PostFate.STORE;

        PostReceipt receipt = get(client.post(room, "maybe"));

        assertThat(receipt.how()).isEqualTo(PostReceipt.Resolution.ACKNOWLEDGED);
        assertThat(receipt.attempts()).isEqualTo(2);
        assertThat(pool.storedTexts(room)).containsExactly("maybe");
        assertThat(client.stats().postsRetried()).isEqualTo(1);
    }

    @Test
    void aPostLostWithTheConnectionBeforeTheNodeStoredItIsSentAgainOnceAndKeepsItsPlace() throws Exception {
        FakePool pool = new FakePool(2);
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        get(client.join(room));
        AtomicInteger drops = new AtomicInteger();
        FakePool.Node first = pool.node(0);
        first.posts = text -> text.equals("p2") && drops.getAndIncrement() == 0 ? FakePool.PostFate.DROP : FakePool.PostFate.STORE;

        List<CompletableFuture<PostReceipt>> posts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            posts.add(client.post(room, "p" + i));
        }

        for (CompletableFuture<PostReceipt> p : posts) {
            assertThat(get(p).how()).isEqualTo(PostReceipt.Resolution.ACKNOWLEDGED);
        }
        assertThat(get(posts.get(1)).attempts()).isEqualTo(2);
        assertThat(pool.storedTexts(room)).containsExactly("p1", "p2", "p3", "p4", "p5");
        assertThat(client.stats().postsRetried()).isEqualTo(1);
        assertThat(client.stats().reconnects()).isEqualTo(1);
        await().atMost(WAIT).until(() -> heard.msgids(room).size() == 5);
        assertThat(heard.msgids(room)).containsExactlyElementsOf(oneTo(5));
    }

    @Test
    void twoPostsWithTheSameTextAreNotTakenForOneWhenTheSecondsVerdictIsLost() throws Exception {
        FakePool pool = new FakePool(1);
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        get(client.join(room));
        AtomicInteger seen = new AtomicInteger();
        pool.node(0).posts = text -> seen.incrementAndGet() == 2 ? FakePool.PostFate.DROP : FakePool.PostFate.STORE;

        CompletableFuture<PostReceipt> one = client.post(room, "ok");
        CompletableFuture<PostReceipt> two = client.post(room, "ok");

        assertThat(get(one).how()).isEqualTo(PostReceipt.Resolution.ACKNOWLEDGED);
        assertThat(get(two).attempts()).isEqualTo(2);
        assertThat(pool.storedTexts(room)).containsExactly("ok", "ok");
    }

    @Test
    void a503IsRetriedAfterItsRetryAfterAndARefusalFailsOnlyThatPost() throws Exception {
        FakePool pool = new FakePool(1);
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        get(client.join(room));
        AtomicInteger busy = new AtomicInteger();
        pool.node(0).posts = text -> switch (text) {
            case "busy" -> busy.getAndIncrement() == 0 ? new FakePool.PostFate.Refuse(503, 1) : FakePool.PostFate.STORE;
            case "too long" -> new FakePool.PostFate.Refuse(413, 0);
            default -> FakePool.PostFate.STORE;
        };

        long start = System.nanoTime();
        CompletableFuture<PostReceipt> retried = client.post(room, "busy");
        CompletableFuture<PostReceipt> refused = client.post(room, "too long");
        CompletableFuture<PostReceipt> after = client.post(room, "after");

        assertThat(get(retried).attempts()).isEqualTo(2);
        assertThat(System.nanoTime() - start).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
        assertThatThrownBy(() -> get(refused)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PostRefusedException.class).hasMessageContaining("413");
        assertThat(get(after).how()).isEqualTo(PostReceipt.Resolution.ACKNOWLEDGED);
        assertThat(pool.storedTexts(room)).containsExactly("busy", "after");
        assertThat(client.stats().postsRetried()).isEqualTo(1);
        assertThat(client.stats().reconnects()).isZero();
    }

    @Test
    void postsMadeWhileDisconnectedAreSentAfterTheCatchUpInOrder() throws Exception {
        FakePool pool = new FakePool(2);
        pool.node(1).stop();
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        get(client.join(room));
        pool.node(0).stop();
        await().atMost(WAIT).until(() -> !client.isConnected());

        List<CompletableFuture<PostReceipt>> posts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            posts.add(client.post(room, "offline " + i));
        }
        pool.post(FakePool.BOB, room, "bob while alice is away");
        pool.node(1).start();

        for (CompletableFuture<PostReceipt> p : posts) {
            assertThat(get(p).attempts()).isEqualTo(1);
        }
        assertThat(pool.storedTexts(room)).containsExactly("bob while alice is away", "offline 1", "offline 2", "offline 3");
        await().atMost(WAIT).until(() -> heard.msgids(room).size() == 4);
        assertThat(heard.msgids(room)).containsExactlyElementsOf(oneTo(4));
    }

    @Test
    void withoutHistoryAHoleAfterAReconnectionIsReportedAndLiveDeliveryGoesOn() throws Exception {
        FakePool pool = new FakePool(1);
        RoomUri room = pool.room("unlogged");
        pool.noHistory.add(room);
        PoolClient client = open(pool);
        get(client.join(room));
        pool.post(FakePool.BOB, room, "first");
        await().atMost(WAIT).until(() -> heard.msgids(room).size() == 1);

        pool.node(0).stop();
        await().atMost(WAIT).until(() -> !client.isConnected());
        pool.post(FakePool.BOB, room, "missed 1");
        pool.post(FakePool.BOB, room, "missed 2");
        pool.node(0).start();
        await().atMost(WAIT).until(() -> client.isConnected() && pool.node(0).sessions.stream().anyMatch(s -> s.joined.contains(room)));
        pool.post(FakePool.BOB, room, "live again");

        await().atMost(WAIT).until(() -> heard.msgids(room).size() == 2);
        assertThat(heard.msgids(room)).containsExactly(1L, 4L);
        assertThat(heard.gaps).containsExactly("unlogged 2..3");
        assertThat(client.stats().lost()).isEqualTo(2);
    }

    @Test
    void aRoomThatCannotBeJoinedIsNotRememberedAndOneThatCannotBeRejoinedIsReportedLost() throws Exception {
        FakePool pool = new FakePool(1);
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        RoomUri missing = RoomUri.of(FakePool.DOMAIN, "nope");

        assertThatThrownBy(() -> get(client.join(missing))).cause().isInstanceOf(RoomRefusedException.class)
                .hasMessageContaining("404");
        assertThatThrownBy(() -> get(client.post(missing, "x"))).cause().isInstanceOf(IllegalStateException.class);

        get(client.join(room));
        synchronized (pool) {
            pool.refusedJoins.add(room);
        }
        pool.node(0).stop();
        pool.node(0).start();
        await().atMost(WAIT).until(() -> heard.roomsLost.size() == 1);
        assertThat(heard.roomsLost.get(0)).startsWith("r 404");
        assertThatThrownBy(() -> get(client.post(room, "x"))).cause().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void partForgetsTheRoomAndFailsItsWaitingPosts() throws Exception {
        FakePool pool = new FakePool(1);
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        get(client.join(room));
        pool.node(0).stop();
        await().atMost(WAIT).until(() -> !client.isConnected());
        CompletableFuture<PostReceipt> waiting = client.post(room, "never");

        get(client.part(room));
        pool.node(0).start();
        await().atMost(WAIT).until(client::isConnected);
        pool.post(FakePool.BOB, room, "not for us");

        assertThatThrownBy(() -> get(waiting)).isInstanceOf(CancellationException.class);
        assertThat(pool.storedTexts(room)).containsExactly("not for us");
        assertThat(client.lastDelivered(room)).isEmpty();
        Thread.sleep(100);
        assertThat(heard.messages).isEmpty();
    }

    @Test
    void closeStopsReconnectingAndFailsWhatWaits() throws Exception {
        FakePool pool = new FakePool(1);
        RoomUri room = pool.room("r");
        PoolClient client = open(pool);
        get(client.join(room));
        pool.node(0).stop();
        await().atMost(WAIT).until(() -> pool.connects.get() > 3);
        CompletableFuture<PostReceipt> waiting = client.post(room, "never");

        client.close();
        int connects = pool.connects.get();
        Thread.sleep(300);

        assertThat(pool.connects.get()).isEqualTo(connects);
        assertThatThrownBy(() -> get(waiting)).cause().isInstanceOf(ConnectionLostException.class);
        assertThatThrownBy(() -> get(client.post(room, "later"))).cause().isInstanceOf(ConnectionLostException.class);
        assertThat(client.isConnected()).isFalse();
        client.close(); // idempotent
    }

    @Test
    void optionsNameTheFieldTheyRefuse() {
        ClientOptions template = ClientOptions.forUser(FakePool.ALICE);
        List<NodeAddress> one = List.of(NodeAddress.parse("127.0.0.1:5041"));
        assertThatThrownBy(() -> new PoolClientOptions(List.of(), template, Duration.ofMillis(1), Duration.ofMillis(1), 1, Duration.ZERO))
                .hasMessageStartingWith("addresses");
        assertThatThrownBy(() -> new PoolClientOptions(one, null, Duration.ofMillis(1), Duration.ofMillis(1), 1, Duration.ZERO))
                .hasMessageStartingWith("template");
        assertThatThrownBy(() -> new PoolClientOptions(one, template, Duration.ZERO, Duration.ofMillis(1), 1, Duration.ZERO))
                .hasMessageStartingWith("backoffMin");
        assertThatThrownBy(() -> new PoolClientOptions(one, template, Duration.ofMillis(5), Duration.ofMillis(1), 1, Duration.ZERO))
                .hasMessageStartingWith("backoffMax");
        assertThatThrownBy(() -> new PoolClientOptions(one, template, Duration.ofMillis(1), Duration.ofMillis(1), 0, Duration.ZERO))
                .hasMessageStartingWith("catchUpPageSize");
        assertThatThrownBy(() -> new PoolClientOptions(one, template, Duration.ofMillis(1), Duration.ofMillis(1), 1, Duration.ofMillis(5)))
                .hasMessageStartingWith("keepAlive");
        assertThatThrownBy(() -> PoolClientOptions.of(template, "127.0.0.1:5041", "127.0.0.1:5041"))
                .hasMessageStartingWith("addresses");
        assertThatThrownBy(() -> NodeAddress.parse("nohost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> NodeAddress.parse("h:99999")).hasMessageStartingWith("port");

        PoolClientOptions defaults = PoolClientOptions.of(template, "a.example.com:5041", "[::1]:5042");
        assertThat(defaults.addresses()).extracting(NodeAddress::toString).containsExactly("a.example.com:5041", "[::1]:5042");
        assertThat(defaults.backoffMin()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.backoffMax()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.catchUpPageSize()).isEqualTo(100);
    }
}
