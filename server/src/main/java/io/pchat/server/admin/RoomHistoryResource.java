package io.pchat.server.admin;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.storage.log.HistorySearch;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.room.Room;

/**
 * A room's messages, read only, and the test message: {@code GET /rooms/{room}/messages}
 * ({@code ?limit=N&before=MSGID} pages back, newest last; {@code ?search=TEXT} finds, newest
 * first; answered when the history's reader threads are done) and
 * {@code POST /rooms/{room}/test-message} ({@link TestMessage} from this node to its own SIP port,
 * answered within {@value #DEADLINE_SECONDS} s). The administrator reads any room, whatever its privacy: this is the compliance
 * officer's view, and reads are not audited (like every admin read).
 *
 * <p>A test message waits for SIP for up to twice its timeout, so it runs on a thread of its own,
 * one at a time (a second is refused, 409), never on a storage thread, which its posts need.
 */
final class RoomHistoryResource {
    static final int MAX_LIMIT = 500;
    private static final int MAX_TEST_TIMEOUT_SECONDS = 30;
    private static final int DEADLINE_SECONDS = 50;

    private final AdminContext context;
    private final Lookups lookups;
    private final Semaphore oneTest = new Semaphore(1);
    private final ExecutorService tests = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pchat-admin-test-message");
        t.setDaemon(true);
        return t;
    });

    RoomHistoryResource(AdminContext context, Lookups lookups) {
        this.context = context;
        this.lookups = lookups;
    }

    void register(AdminRoutes routes) {
        routes.add("GET", "/rooms/{room}/messages", this::messages)
                .add("POST", "/rooms/{room}/test-message", this::testMessage);
    }

    /** Read by the history's own reader threads: the answer comes when they are done, no storage thread waits. */
    private AdminResponse messages(AdminRequest request) {
        Room room = lookups.room(request.param("room"));
        int limit = (int) request.number("limit", 50, 1, MAX_LIMIT);
        String search = request.query("search").orElse(null);
        CompletableFuture<List<StoredMessage>> found;
        if (search != null) {
            found = context.store().history().search(HistorySearch.text(room.id(), search, limit));
        } else if (request.query("before").isPresent()) {
            long before = request.number("before", 1, 1, Long.MAX_VALUE);
            found = context.store().history().before(room.id(), before, limit);
        } else {
            found = context.store().history().last(room.id(), limit);
        }
        return AdminResponse.later(found.orTimeout(30, TimeUnit.SECONDS).thenApply(messages -> {
            ObjectNode json = AdminJson.object().put("room", room.name()).put("roomId", room.id());
            if (search != null) {
                json.put("search", search);
            }
            ArrayNode array = json.putArray("messages");
            for (StoredMessage m : messages) {
                ObjectNode o = array.addObject().put("msgid", m.msgid()).put("time", AdminJson.time(m.ts()))
                        .put("author", m.author()).put("text", m.text()).put("alert", m.alert());
                if (m.storyTitle() != null) {
                    o.put("storyTitle", m.storyTitle());
                }
            }
            return AdminResponse.ok(json);
        }));
    }

    /** {@code {"users": [a, b]?, "password": P?, "timeoutSeconds": N?}}: the result, success or not, as 200. */
    private AdminResponse testMessage(AdminRequest request) {
        Room room = lookups.room(request.param("room"));
        JsonBody body = request.json().allowOnly("users", "password", "timeoutSeconds");
        List<String> users = body.optList("users").orElse(TestMessage.defaultUsers(context.domain()));
        String password = body.optText("password").orElse(null);
        int timeout = body.optInt("timeoutSeconds").orElse(10);
        if (timeout < 1 || timeout > MAX_TEST_TIMEOUT_SECONDS) {
            throw AdminException.badRequest("timeoutSeconds: must be 1.." + MAX_TEST_TIMEOUT_SECONDS);
        }
        if (users.size() != 2) {
            throw AdminException.badRequest("users: name exactly two users, got " + users.size());
        }
        InetSocketAddress sip = context.sipAddress().get();
        if (!oneTest.tryAcquire()) {
            throw AdminException.conflict("a test message is running already: try again when it has finished");
        }
        RoomUri uri = RoomUri.of(context.domain(), room.id());
        TestMessage test = new TestMessage(sip.getHostString(), sip.getPort(), password, Duration.ofSeconds(timeout));
        CompletableFuture<AdminResponse> answer;
        try {
            answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return AdminResponse.ok(result(room, test, uri, users));
                } finally {
                    oneTest.release(); // when the test has really ended, not when its answer gave up waiting
                }
            }, tests);
        } catch (RejectedExecutionException e) {
            oneTest.release();
            throw e;
        }
        // answered within the admin endpoint's idle minute whatever the steps' timeouts add up to
        ObjectNode late = AdminJson.object().put("room", room.name()).put("success", false).put("problem", "refused")
                .put("error", "the test did not finish within " + DEADLINE_SECONDS + " s");
        return AdminResponse.later(answer.completeOnTimeout(AdminResponse.ok(late), DEADLINE_SECONDS, TimeUnit.SECONDS));
    }

    private static ObjectNode result(Room room, TestMessage test, RoomUri uri, List<String> users) {
        ObjectNode json = AdminJson.object().put("room", room.name());
        try {
            List<TestMessage.Leg> legs = test.exchange(uri, users);
            json.put("success", true).put("roundTripMs", legs.stream().mapToLong(TestMessage.Leg::deliveryMillis).sum());
            ArrayNode array = json.putArray("legs");
            legs.forEach(l -> array.addObject().put("from", l.from()).put("to", l.to()).put("deliveryMs", l.deliveryMillis()));
        } catch (TestMessage.Failed e) {
            json.put("success", false).put("problem", AdminJson.lower(e.problem())).put("error", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
        return json;
    }
}
