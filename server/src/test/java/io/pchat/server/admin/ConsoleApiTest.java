package io.pchat.server.admin;

import static io.pchat.server.admin.AdminTestNode.json;
import static io.pchat.server.admin.AdminTestNode.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.pchat.client.ChatClient;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Sib;
import io.pchat.server.admin.AdminTestNode.Answer;
import io.pchat.server.console.ConsoleSettings;
import io.pchat.storage.room.Inheritable;
import io.pchat.storage.room.Room;

/**
 * The web console on a real node's admin endpoint: its page and files, operator sign-in with the
 * admin token and user sign-in with a SIP address and password, the session cookie and CSRF
 * token, the bound on failed sign-ins, the operator's admin API and the user's room management
 * under the room rules; and the admin API calls the console added (room messages, the test
 * message, the failover preview, the metric history).
 */
class ConsoleApiTest {
    private static final String SESSION = "/console/api/session";

    @TempDir
    static Path dir;
    static AdminTestNode node;

    @BeforeAll
    static void start() throws Exception {
        // Failed sign-ins of the tests below all come from 127.0.0.1: the limit is raised here and
        // tested with the default on a node of its own.
        node = AdminTestNode.start(dir, c -> c.withAdmin(c.admin().withConsole(
                c.admin().console().withSignInFailuresPerMinute(1_000))));
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    /** An answer with its headers. */
    record Reply(int status, String body, HttpHeaders headers) {
        JsonNode json() throws IOException {
            return AdminJson.MAPPER.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** A browser tab on the console: it keeps the session cookie and echoes the CSRF token the sign-in gave. */
    static final class Tab {
        private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(AdminTestNode.WAIT).build();
        private final AdminTestNode on;
        private String cookie;
        private String csrf;

        Tab(AdminTestNode on) {
            this.on = on;
        }

        Reply signIn(String body) throws Exception {
            Reply r = send("POST", SESSION, body, Map.of("Content-Type", "application/json"));
            if (r.status() == 200) {
                String setCookie = r.header("Set-Cookie");
                assertThat(setCookie).startsWith(ConsoleApi.COOKIE + "=");
                cookie = setCookie.substring(ConsoleApi.COOKIE.length() + 1, setCookie.indexOf(';'));
                csrf = r.json().get("csrf").asText();
            }
            return r;
        }

        /** A sign-in whose answer comes later: its status. */
        CompletableFuture<Integer> signInAsync(String body) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(on.url() + SESSION)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::statusCode);
        }

        Reply signInAsOperator() throws Exception {
            return signIn(json("{'token': '" + on.token() + "'}"));
        }

        Reply get(String path) throws Exception {
            return send("GET", path, null, Map.of());
        }

        /** A change as the page sends it: JSON, with the CSRF token. */
        Reply change(String method, String path, String body) throws Exception {
            return send(method, path, body, Map.of("Content-Type", "application/json", ConsoleApi.CSRF_HEADER, csrf));
        }

        /** A change as a forged request would come: JSON, the cookie, but no CSRF token. */
        Reply changeWithoutCsrf(String method, String path, String body) throws Exception {
            return send(method, path, body, Map.of("Content-Type", "application/json"));
        }

        Reply send(String method, String path, String body, Map<String, String> headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(on.url() + path)).timeout(AdminTestNode.WAIT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            Map<String, String> all = new LinkedHashMap<>(headers);
            if (cookie != null) {
                all.put("Cookie", ConsoleApi.COOKIE + "=" + cookie);
            }
            all.forEach(b::header);
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body(), r.headers());
        }
    }

    private static Tab operator() throws Exception {
        Tab tab = new Tab(node);
        assertThat(tab.signInAsOperator().status()).isEqualTo(200);
        return tab;
    }

    /** A user added with a password through the admin API, signed in on a tab of their own. */
    private static Tab userSignedIn(String name) throws Exception {
        assertThat(node.post("/users", json("{'uri': '" + user(name) + "', 'password': 'pw-" + name + "'}")).status())
                .isEqualTo(201);
        Tab tab = new Tab(node);
        assertThat(tab.signIn(json("{'user': '" + user(name) + "', 'password': 'pw-" + name + "'}")).status()).isEqualTo(200);
        return tab;
    }

    private static Optional<Room> room(String name) {
        return node.store().rooms().byName(name);
    }

    // --- the page and its files

    @Test
    void thePageIsServedAsHtmlUnderAContentSecurityPolicy() throws Exception {
        Reply page = new Tab(node).get("/console/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(ConsoleApi.CONTENT_SECURITY_POLICY)
                .contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.body()).contains("<title>pchat console</title>");
    }

    @Test
    void theConsoleWithoutItsSlashIsRedirectedToThePageAndAnUnknownFileIs404() throws Exception {
        Tab tab = new Tab(node);

        Reply redirect = tab.get("/console");
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.header("Location")).isEqualTo("/console/");
        assertThat(tab.get("/console/console.js").header("Content-Type")).startsWith("text/javascript");
        assertThat(tab.get("/console/admin.token").status()).isEqualTo(404);
        assertThat(tab.get("/console/api").status()).isEqualTo(404);
    }

    // --- signing in and out

    @Test
    void anOperatorSignsInWithTheTokenAndGetsAStrictHttpOnlyCookieAndACsrfToken() throws Exception {
        Tab tab = new Tab(node);

        Reply signedIn = tab.signInAsOperator();

        assertThat(signedIn.status()).isEqualTo(200);
        // attribute names are case-insensitive (RFC 6265 5.2): Netty writes HTTPOnly
        List<String> attributes = Stream.of(signedIn.header("Set-Cookie").split(";")).skip(1)
                .map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
        assertThat(attributes).contains("httponly", "samesite=strict", "path=/console/", "max-age=43200")
                .doesNotContain("secure");
        JsonNode body = signedIn.json();
        assertThat(body.get("role").asText()).isEqualTo("operator");
        assertThat(body.get("csrf").asText()).hasSize(43);
        assertThat(body.get("csrf").asText()).isNotEqualTo(tab.cookie);
        assertThat(signedIn.header("Content-Security-Policy")).isEqualTo(ConsoleApi.CONTENT_SECURITY_POLICY);
        assertThat(tab.get(SESSION).json().get("role").asText()).isEqualTo("operator");
    }

    @Test
    void aWrongTokenIs401AndASignInWithoutAJsonBodyTypeIs415() throws Exception {
        Tab tab = new Tab(node);

        Reply wrong = tab.signIn(json("{'token': 'not-the-token-at-all'}"));
        Reply notJson = tab.send("POST", SESSION, json("{'token': '" + node.token() + "'}"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        Reply noType = tab.send("POST", SESSION, json("{'token': '" + node.token() + "'}"), Map.of());

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("Set-Cookie")).isNull();
        assertThat(notJson.status()).isEqualTo(415);
        assertThat(notJson.header("Set-Cookie")).isNull();
        assertThat(noType.status()).isEqualTo(415);
        assertThat(tab.get(SESSION).status()).isEqualTo(401);
    }

    @Test
    void signingOutNeedsTheCsrfTokenAndEndsTheSession() throws Exception {
        Tab tab = operator();

        assertThat(tab.changeWithoutCsrf("DELETE", SESSION, null).status()).isEqualTo(403);
        assertThat(tab.get(SESSION).status()).isEqualTo(200);

        Reply out = tab.change("DELETE", SESSION, null);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("Set-Cookie")).startsWith(ConsoleApi.COOKIE + "=;").contains("Max-Age=0");
        assertThat(tab.get(SESSION).status()).isEqualTo(401);
        assertThat(tab.get("/console/api/admin/rooms").status()).isEqualTo(401);
    }

    @Test
    void aUserSignsInWithTheirSipAddressAndPasswordAndAWrongPasswordIs401() throws Exception {
        Tab alice = userSignedIn("signin-alice");

        JsonNode session = alice.get(SESSION).json();
        assertThat(session.get("role").asText()).isEqualTo("user");
        assertThat(session.get("user").asText()).isEqualTo(user("signin-alice"));

        Tab guesser = new Tab(node);
        assertThat(guesser.signIn(json("{'user': '" + user("signin-alice") + "', 'password': 'guess'}")).status())
                .isEqualTo(401);
        assertThat(guesser.signIn(json("{'user': '" + user("signin-alice") + "'}")).status()).isEqualTo(401);
        assertThat(guesser.signIn(json("{'user': '" + user("nobody") + "', 'password': 'guess'}")).status())
                .isEqualTo(401);
        assertThat(guesser.get(SESSION).status()).isEqualTo(401);
    }

    @Test
    void afterTenFailedSignInsFromAnAddressTheNextIs429WithRetryAfterWhateverSucceededBetween(@TempDir Path own) throws Exception {
        AdminTestNode defaults = AdminTestNode.start(own);
        try {
            Tab tab = new Tab(defaults);
            String wrong = json("{'token': 'wrong-token-wrong-token'}");
            for (int i = 0; i < 9; i++) {
                assertThat(tab.signIn(wrong).status()).as("failure %d", i + 1).isEqualTo(401);
            }
            assertThat(tab.signInAsOperator().status()).as("a good sign-in still works").isEqualTo(200);
            assertThat(tab.signIn(wrong).status()).as("failure 10: a good sign-in cleared nothing").isEqualTo(401);

            Reply refused = tab.signInAsOperator();

            assertThat(refused.status()).isEqualTo(429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(refused.json().get("error").asText()).contains("too many failed sign-ins");
            assertThat(refused.header("Set-Cookie")).isNull();
        } finally {
            defaults.close();
        }
    }

    @Test
    void tenWrongPasswordsForOneAccountRefuseItFromAnyAddressForTheRestOfTheMinute(@TempDir Path own) throws Exception {
        AdminTestNode defaults = AdminTestNode.start(own);
        try {
            assertThat(defaults.post("/users", json("{'uri': '" + user("target") + "', 'password': 'right-1'}")).status())
                    .isEqualTo(201);
            Tab tab = new Tab(defaults);
            for (int i = 0; i < 10; i++) {
                assertThat(tab.signIn(json("{'user': '" + user("target") + "', 'password': 'guess-" + i + "'}")).status())
                        .as("guess %d", i + 1).isEqualTo(401);
            }

            Reply right = tab.signIn(json("{'user': '" + user("target") + "', 'password': 'right-1'}"));

            assertThat(right.status()).isEqualTo(429);
        } finally {
            defaults.close();
        }
    }

    @Test
    void aChangedPasswordSignsTheUserOutOfEveryConsoleSession() throws Exception {
        Tab first = userSignedIn("changes-password");
        Tab second = new Tab(node);
        assertThat(second.signIn(json("{'user': '" + user("changes-password") + "', 'password': 'pw-changes-password'}"))
                .status()).isEqualTo(200);
        assertThat(first.get("/console/api/my").status()).isEqualTo(200);

        assertThat(node.patch("/users/" + user("changes-password"), json("{'password': 'a-new-one-1'}")).status())
                .isEqualTo(200);

        Reply stale = first.get("/console/api/my");
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.json().get("error").asText()).contains("password was changed");
        assertThat(second.get("/console/api/my").status()).as("the other browser too").isEqualTo(401);
    }

    @Test
    void thePagesOwnRefreshDoesNotKeepAnUnattendedSessionAlive() throws Exception {
        Tab tab = operator();
        Reply before = tab.get("/console/api/session");
        Reply refreshed = tab.send("GET", "/console/api/admin/health", null, Map.of(ConsoleApi.REFRESH_HEADER, "1"));
        Reply after = tab.send("GET", "/console/api/session", null, Map.of(ConsoleApi.REFRESH_HEADER, "1"));

        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(after.json().get("expiresAt").asText()).as("a refresh does not move the idle expiry on")
                .isEqualTo(before.json().get("expiresAt").asText());
    }

    @Test
    void whileEveryStorageThreadIsBusyStrangersAreStillAnsweredAndOnlyFourSignInsWait(@TempDir Path own) throws Exception {
        AdminTestNode busy = AdminTestNode.start(own);
        CountDownLatch release = new CountDownLatch(1);
        try {
            assertThat(busy.post("/users", json("{'uri': '" + user("waits") + "', 'password': 'pw-waits-1'}")).status())
                    .isEqualTo(201);
            int threads = AdminTestNode.config(own).storageThreads();
            for (int i = 0; i < threads; i++) {
                busy.node.storageThreads().call(() -> release.await(30, TimeUnit.SECONDS));
            }
            Tab stranger = new Tab(busy);

            // answered from memory on the event loop: no storage thread is free to answer them
            for (int i = 0; i < 200; i++) {
                assertThat(stranger.send("POST", "/console/api/my/rooms", json("{'name': 'x'}"),
                        Map.of("Content-Type", "application/json")).status()).isEqualTo(401);
            }
            assertThat(stranger.signIn(json("{'token': 'not-the-token-at-all'}")).status()).isEqualTo(401);

            List<CompletableFuture<Integer>> waiting = new ArrayList<>();
            for (int i = 0; i < ConsoleApi.SIGN_INS_AT_ONCE; i++) {
                waiting.add(new Tab(busy).signInAsync(json("{'user': '" + user("waits") + "', 'password': 'pw-waits-1'}")));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> busy.node.storageThreads().queued() >= ConsoleApi.SIGN_INS_AT_ONCE);
            int queued = busy.node.storageThreads().queued();
            Reply fifth = new Tab(busy).signIn(json("{'user': '" + user("waits") + "', 'password': 'pw-waits-1'}"));
            assertThat(fifth.status()).as("a fifth sign-in while four wait for the store").isEqualTo(503);
            assertThat(fifth.header("Retry-After")).isEqualTo("1");
            assertThat(busy.node.storageThreads().queued()).as("the refused one queued nothing").isEqualTo(queued);
            assertThat(waiting).noneMatch(CompletableFuture::isDone);

            release.countDown();
            for (CompletableFuture<Integer> w : waiting) {
                assertThat(w.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            release.countDown();
            busy.close();
        }
    }

    // --- the operator's admin API

    @Test
    void anOperatorCallsTheAdminApiWithTheCookieAndChangesOnlyWithTheCsrfToken() throws Exception {
        Tab tab = operator();

        Reply rooms = tab.get("/console/api/admin/rooms");
        assertThat(rooms.status()).isEqualTo(200);
        assertThat(rooms.json().get("rooms").findValuesAsText("name")).contains("Lobby");

        Reply forged = tab.changeWithoutCsrf("POST", "/console/api/admin/rooms", json("{'name': 'Console made'}"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("error").asText()).contains(ConsoleApi.CSRF_HEADER);
        Reply wrongToken = tab.send("POST", "/console/api/admin/rooms", json("{'name': 'Console made'}"),
                Map.of("Content-Type", "application/json", ConsoleApi.CSRF_HEADER, "x".repeat(43)));
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(room("Console made")).isEmpty();
        assertThat(node.get("/rooms/Console%20made").status()).isEqualTo(404);

        Reply created = tab.change("POST", "/console/api/admin/rooms", json("{'name': 'Console made'}"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(room("Console made")).isPresent();
    }

    @Test
    void withoutASessionTheAdminPartIs401() throws Exception {
        Tab stranger = new Tab(node);

        assertThat(stranger.get("/console/api/admin/rooms").status()).isEqualTo(401);
        assertThat(stranger.changeWithoutCsrf("POST", "/console/api/admin/rooms", json("{'name': 'Sneaky'}")).status())
                .isEqualTo(401);
        assertThat(room("Sneaky")).isEmpty();
    }

    @Test
    void thePoolAsTheConsoleShowsItCarriesWhatTheCommandLinePrints() throws Exception {
        Reply pool = operator().get("/console/api/admin/pool");

        assertThat(pool.status()).isEqualTo(200);
        assertThat(pool.json().get("printed").asText()).startsWith("state NORMAL");
    }

    @Test
    void aUserCannotCallTheAdminPartAndAnOperatorCannotCallTheUsersPart() throws Exception {
        Tab user = userSignedIn("parts-user");
        Tab operator = operator();

        assertThat(user.get("/console/api/admin/rooms").status()).isEqualTo(403);
        assertThat(user.change("POST", "/console/api/admin/rooms", json("{'name': 'Users may not'}")).status())
                .isEqualTo(403);
        assertThat(room("Users may not")).isEmpty();
        assertThat(operator.get("/console/api/my").status()).isEqualTo(403);
        assertThat(operator.get("/console/api/nowhere").status()).isEqualTo(404);
    }

    // --- a user's room management

    @Test
    void aUserSeesOnlyTheCategoriesWhereTheyAreACreator() throws Exception {
        node.post("/categories", json("{'name': 'Sees mine', 'creators': ['" + user("sees") + "']}"));
        node.post("/categories", json("{'name': 'Sees not', 'creators': ['" + user("someone-else") + "']}"));
        Tab tab = userSignedIn("sees");

        JsonNode my = tab.get("/console/api/my").json();

        assertThat(my.get("user").asText()).isEqualTo(user("sees"));
        assertThat(my.get("categories").findValuesAsText("name")).containsExactly("Sees mine");
        assertThat(my.get("rooms")).isEmpty();
    }

    @Test
    void aUserCreatesARoomInTheirCategoryAndManagesIt() throws Exception {
        node.post("/categories", json("{'name': 'Makers', 'creators': ['" + user("maker") + "']}"));
        Tab tab = userSignedIn("maker");

        Reply created = tab.change("POST", "/console/api/my/rooms", json("{'name': 'Made by a user', 'category': 'Makers',"
                + " 'privacy': 'closed', 'topic': 'ours'}"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("managers").toString()).contains(user("maker"));
        Room room = room("Made by a user").orElseThrow();
        assertThat(node.store().rooms().roles(room.id()).managers()).contains(user("maker"));
        assertThat(tab.get("/console/api/my").json().get("rooms").findValuesAsText("name")).contains("Made by a user");
        assertThat(tab.get("/console/api/my/rooms/Made%20by%20a%20user").status()).isEqualTo(200);
        assertThat(tab.change("PATCH", "/console/api/my/rooms/Made%20by%20a%20user", json("{'topic': 'changed'}")).status())
                .isEqualTo(200);
        assertThat(room("Made by a user").orElseThrow().topic()).isEqualTo("changed");
    }

    @Test
    void aUserMayNotCreateARoomInTheRootCategoryWhereTheyAreNoCreator() throws Exception {
        Tab tab = userSignedIn("rootless");

        Reply refused = tab.change("POST", "/console/api/my/rooms", json("{'name': 'In the root'}"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).contains("may not create rooms");
        assertThat(room("In the root")).isEmpty();
    }

    @Test
    void aUserCannotChangeARoomTheyDoNotManageAndDoesNotSeeASecretOne() throws Exception {
        node.post("/rooms", json("{'name': 'Not theirs', 'privacy': 'open', 'managers': ['" + user("owner") + "']}"));
        node.post("/rooms", json("{'name': 'Hidden away', 'privacy': 'secret', 'managers': ['" + user("owner") + "']}"));
        Tab tab = userSignedIn("outsider");

        Reply notManaged = tab.change("PATCH", "/console/api/my/rooms/Not%20theirs", json("{'topic': 'mine now'}"));
        Reply secret = tab.change("PATCH", "/console/api/my/rooms/Hidden%20away", json("{'topic': 'found you'}"));

        assertThat(notManaged.status()).isEqualTo(403);
        assertThat(notManaged.json().get("error").asText()).contains("you do not manage");
        assertThat(secret.status()).isEqualTo(404);
        assertThat(secret.json().get("error").asText()).isEqualTo("room 'Hidden away' not found");
        assertThat(tab.get("/console/api/my/rooms/Hidden%20away").status()).isEqualTo(404);
        assertThat(room("Not theirs").orElseThrow().topic()).isNotEqualTo("mine now");
        assertThat(room("Hidden away").orElseThrow().topic()).isNotEqualTo("found you");
    }

    @Test
    void theLastManagerCannotBeRemovedNorLoggingSetByAManager() throws Exception {
        node.post("/rooms", json("{'name': 'Kept managed', 'managers': ['" + user("keeper") + "']}"));
        Tab tab = userSignedIn("keeper");
        String path = "/console/api/my/rooms/Kept%20managed";

        Reply removeSelf = tab.change("PATCH", path + "/roles", json("{'remove': {'managers': ['" + user("keeper") + "']}}"));
        Reply removeAsMember = tab.change("PATCH", path + "/roles", json("{'remove': {'members': ['" + user("keeper") + "']}}"));
        Reply emptyList = tab.change("PATCH", path, json("{'managers': []}"));
        Reply logged = tab.change("PATCH", path, json("{'logged': 'off'}"));

        assertThat(removeSelf.status()).isEqualTo(400);
        assertThat(removeSelf.json().get("error").asText()).contains("at least one manager");
        assertThat(removeAsMember.status()).as("a manager is a member: removing the member removes the manager")
                .isEqualTo(400);
        assertThat(emptyList.status()).isEqualTo(400);
        assertThat(logged.status()).isEqualTo(403);
        assertThat(logged.json().get("error").asText()).contains("'logged'");
        Room room = room("Kept managed").orElseThrow();
        assertThat(node.store().rooms().roles(room.id()).managers()).containsExactly(user("keeper"));
        assertThat(room.logged()).isEqualTo(Inheritable.INHERIT);
    }

    @Test
    void aUserDisabledThroughTheAdminApiIsSignedOutAtTheirNextCall() throws Exception {
        Tab tab = userSignedIn("soon-disabled");
        assertThat(tab.get("/console/api/my").status()).isEqualTo(200);

        assertThat(node.patch("/users/" + user("soon-disabled"), json("{'enabled': false}")).status()).isEqualTo(200);

        Reply refused = tab.get("/console/api/my");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).contains("no longer enabled");
        assertThat(node.patch("/users/" + user("soon-disabled"), json("{'enabled': true}")).status()).isEqualTo(200);
        assertThat(tab.get("/console/api/my").status()).as("the session was closed, not only refused").isEqualTo(401);
    }

    @Test
    void anOperatorDownloadsTheComplianceExportAndRunsATestMessageFromTheConsole() throws Exception {
        Tab tab = operator();

        Reply export = tab.get("/console/api/admin/compliance/export?from=2000-01-01");
        Reply test = tab.change("POST", "/console/api/admin/rooms/Lobby/test-message", "{}");

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/xml");
        assertThat(export.body()).startsWith("<?xml");
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.json().get("success").asBoolean()).as(test.body()).isTrue();
        assertThat(test.json().get("legs")).hasSize(2);
    }

    @Test
    void clientsAreGivenTheConsolesRoomsPageAsTheRoomManagementUrl(@TempDir Path dir) throws Exception {
        AdminTestNode behindProxy = AdminTestNode.start(dir, c -> c.withAdmin(c.admin().withConsole(
                ConsoleSettings.defaults().withPublicUrl("https://chat.example.com/console/"))));
        try {
            ChatClient client = behindProxy.connect(user("asks-server-info"));
            Sib sib = client.getServerInfo().get(10, TimeUnit.SECONDS).value().orElseThrow();
            assertThat(sib.roomManagementUrl()).isEqualTo("https://chat.example.com/console/#/rooms");
        } finally {
            behindProxy.close();
        }
    }

    @Test
    void withTheConsoleOffItsPathsAreJustUnknownAdminPathsAndClientsGetNoRoomManagementUrl(@TempDir Path dir)
            throws Exception {
        AdminTestNode off = AdminTestNode.start(dir, c -> c.withAdmin(c.admin().withConsole(
                ConsoleSettings.defaults().withEnabled(false).withPublicUrl("https://chat.example.com/console/"))));
        try {
            assertThat(off.call("GET", "/console/", null, null).status()).as("no token: refused like any admin call")
                    .isEqualTo(401);
            assertThat(off.get("/console/").status()).isEqualTo(404);
            Sib sib = off.connect(user("asks-without-console")).getServerInfo().get(10, TimeUnit.SECONDS).value()
                    .orElseThrow();
            assertThat(sib.roomManagementUrl()).isEmpty();
        } finally {
            off.close();
        }
    }

    // --- the admin API's additions, with the bearer token

    @Test
    void aRoomsMessagesAreReadOldestFirstAndFoundBySearch() throws Exception {
        Room lobby = room("Lobby").orElseThrow();
        RoomUri uri = RoomUri.of(AdminTestNode.DOMAIN, lobby.id());
        ChatClient alice = node.connect(user("history-alice"));
        assertThat(alice.join(uri).get(10, TimeUnit.SECONDS).isOk()).isTrue();
        for (String text : new String[] {"first of three", "second of three", "third of three zebra"}) {
            assertThat(alice.post(uri, text).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }

        JsonNode last = node.get("/rooms/Lobby/messages?limit=3").json();
        Answer found = node.get("/rooms/Lobby/messages?search=zebra");

        assertThat(last.get("room").asText()).isEqualTo("Lobby");
        assertThat(last.get("messages").findValuesAsText("text"))
                .containsExactly("first of three", "second of three", "third of three zebra");
        assertThat(last.get("messages").findValuesAsText("author")).containsOnly(user("history-alice"));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("messages").findValuesAsText("text")).containsExactly("third of three zebra");
        assertThat(node.get("/rooms/Lobby/messages?limit=0").status()).isEqualTo(400);
        assertThat(node.get("/rooms/Nowhere/messages").status()).isEqualTo(404);
    }

    @Test
    void aTestMessageInTheLobbyGoesBothWays() throws Exception {
        Answer answer = node.post("/rooms/Lobby/test-message", json("{'timeoutSeconds': 5}"));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode result = answer.json();
        assertThat(result.get("success").asBoolean()).as(answer.body()).isTrue();
        assertThat(result.get("legs")).hasSize(2);
        assertThat(result.get("legs").findValuesAsText("from"))
                .containsExactlyInAnyOrderElementsOf(TestMessage.defaultUsers(AdminTestNode.DOMAIN));
    }

    @Test
    void aFailoverPreviewOnASingleNodeIs409() throws Exception {
        Answer answer = node.get("/pool/failover/preview?to=dc2");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("error").asText()).contains("not part of a stretched pool");
        assertThat(node.get("/pool/failover/preview").status()).isEqualTo(400);
    }

    @Test
    void theMetricHistoryHasItsIntervalAndPoints() throws Exception {
        JsonNode history = node.get("/metrics/history").json();
        assertThat(history.get("intervalSeconds").asInt()).isEqualTo(5);
        assertThat(history.get("spanSeconds").asInt()).isEqualTo(900);
        assertThat(history.get("points").isArray()).isTrue();

        // the sampler reads every 5 s: a point follows its second reading
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> node.get("/metrics/history").json().get("points").size() > 0);
        JsonNode point = node.get("/metrics/history").json().get("points").get(0);
        assertThat(point.has("at")).isTrue();
        assertThat(point.has("postsPerSecond")).isTrue();
        assertThat(point.has("fanOutP99Millis")).isTrue();
    }
}
