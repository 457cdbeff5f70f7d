package io.pchat.server.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Constructor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import gov.nist.javax.sip.message.SIPRequest;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.chat.ChatService;
import io.pchat.server.chat.ChatSettings;
import io.pchat.server.chat.StorageExecutor;
import io.pchat.server.fanout.EnvelopeIds;
import io.pchat.server.session.UserCredentials;
import io.pchat.server.session.XccosService;
import io.pchat.server.sip.ClientDialog;
import io.pchat.server.sip.SessionSettings;
import io.pchat.server.sip.SipListener;
import io.pchat.server.sip.SipTestClient;
import io.pchat.storage.ChatStore;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.pool.PoolEpoch;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomSpec;

/**
 * Session expiry (docs/sip.md, RFC 4028): a dialog that is not refreshed is ended by the node
 * with BYE after Session-Expires and leaves its rooms (ntc:part to the others); a refreshed one
 * stays.
 *
 * <p>Not through {@code ChatNode}: Session-Expires is at least 90 s and {@code ChatNode} takes no
 * clock for its SIP listener, so this composes the node's parts as {@code ChatNode} does (real
 * store on an H2 file, storage executor, command layer, SIP listener over TCP) with the listener
 * on a mock ticker, built through its package-private test constructor. The clients are raw SIP
 * dialogs so that only the test decides who refreshes.
 */
class SessionExpiryTest {

    private static final String POOL = "sip:pchat@example.com";

    @TempDir
    Path dir;

    @Test
    void aDialogThatIsNotRefreshedIsEndedWithByeAndPartsWhileARefreshedOneStays() throws Exception {
        MockTicker clock = Ticker.newMockTicker();
        PoolEpoch epoch = new PoolEpoch(1);
        AtomicReference<SipListener> sip = new AtomicReference<>();
        try (ChatStore store = ChatStore.open(StorageConfig.embedded(dir.resolve("db")).build(), epoch, Clock.systemUTC());
             StorageExecutor storage = new StorageExecutor(4, 1000)) {
            epoch.advanceTo(store.pool().read().epoch());
            Category root = store.categories().ensureRoot("example.com");
            Room lobby = store.rooms().create(RoomSpec.named("Lobby", root.id()).withPrivacy(Privacy.OPEN));
            RoomUri lobbyUri = RoomUri.of("example.com", lobby.id());
            ChatService chat = new ChatService(ChatSettings.builder(URI.create("http://127.0.0.1:1/files")).build(), store,
                    store.messageLog(), store.history(), storage, () -> sip.get().nodeUri(), Clock.systemUTC(),
                    new EnvelopeIds(), PooledByteBufAllocator.DEFAULT);
            SessionSettings settings = TestNode.sessions().sessionExpiresSeconds(120)
                    .nodeTransactionTimeout(Duration.ofHours(1)).build();
            sip.set(listenerOnTicker(settings, chat, storage.executor(), clock));
            sip.get().start();
            try (SipTestClient idleConnection = SipTestClient.connect(sip.get().port());
                 SipTestClient busyConnection = SipTestClient.connect(sip.get().port())) {
                ClientDialog idle = new ClientDialog(idleConnection, "sip:idle@example.com", POOL);
                ClientDialog busy = new ClientDialog(busyConnection, "sip:busy@example.com", POOL);
                assertThat(idle.invite("Supported: timer").getHeader("Session-Expires").toString()).contains("120");
                join(idle, idleConnection, lobbyUri);
                assertThat(busy.invite("Supported: timer").getStatusCode()).isEqualTo(200);
                join(busy, busyConnection, lobbyUri);
                idle.answer(expectInfo(idleConnection, "ntc:join"), 200);

                clock.advance(100, TimeUnit.SECONDS);
                assertThat(busy.update("Session-Expires: 120;refresher=uac").getStatusCode()).isEqualTo(200);
                clock.advance(21, TimeUnit.SECONDS);

                SIPRequest bye = idleConnection.awaitRequest("BYE");
                assertThat(bye.getCallId().getCallId()).isEqualTo(idle.callId());
                idle.answer(bye, 200);
                SIPRequest part = expectInfo(busyConnection, "ntc:part");
                busy.answer(part, 200);
                assertThat(body(part)).contains("sip:idle@example.com", lobbyUri.toString());
                await().atMost(TestNode.WAIT).until(() -> chat.liveRooms().room(lobby.id()).users().equals(
                        java.util.Set.of("sip:busy@example.com")));
                assertThat(busyConnection.receivesRequestWithin("BYE", Duration.ofMillis(200))).isFalse();
                assertThat(busy.info(RawXccos.post(lobbyUri, "sip:busy@example.com", "still here")).getStatusCode()).isEqualTo(200);
                assertThat(body(expectInfo(busyConnection, "grpchat"))).contains("still here");
                assertThat(idle.info(RawXccos.post(lobbyUri, "sip:idle@example.com", "too late")).getStatusCode()).isEqualTo(481);
                assertThat(store.history().last(lobby.id(), 10).get(10, TimeUnit.SECONDS))
                        .extracting(m -> m.text()).containsExactly("still here");
            } finally {
                sip.get().stop();
            }
        }
    }

    private static void join(ClientDialog dialog, SipTestClient connection, RoomUri room) {
        assertThat(dialog.info(RawXccos.join(room)).getStatusCode()).isEqualTo(200);
        SIPRequest reply = expectInfo(connection, "rpl:join");
        dialog.answer(reply, 200);
        assertThat(body(reply)).contains("code=\"200\"");
    }

    private static SIPRequest expectInfo(SipTestClient connection, String containing) {
        SIPRequest info = connection.awaitRequest("INFO");
        assertThat(body(info)).contains(containing);
        return info;
    }

    private static String body(SIPRequest request) {
        return new String(request.getRawContent(), StandardCharsets.UTF_8);
    }

    /** The listener with its clock of its own (the constructor the sip tests use, package-private). */
    private static SipListener listenerOnTicker(SessionSettings settings, XccosService chat, Executor executor, Ticker ticker)
            throws ReflectiveOperationException {
        Constructor<SipListener> constructor = SipListener.class.getDeclaredConstructor(SessionSettings.class,
                XccosService.class, UserCredentials.class, Executor.class, Ticker.class);
        constructor.setAccessible(true);
        UserCredentials none = (user, algorithm) -> Optional.empty();
        return constructor.newInstance(settings, chat, none, executor, ticker);
    }
}
