package io.pchat.server.sip;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import io.netty.util.concurrent.Ticker;
import io.pchat.server.session.UserCredentials;

/**
 * A {@link SipListener} on an ephemeral loopback port with a {@link RecordingXccosService}, for
 * one test class; plus the canned XCCOS bodies tests send.
 */
final class ListenerFixture implements AutoCloseable {

    static final String DOMAIN = "example.com";
    static final String POOL_URI = "sip:pchat@example.com";
    static final String ENVELOPE = "<xccos ver=\"1\" envid=\"17\" xmlns=\"urn:parlano:xml:ns:xccos\">"
            + "<cmd id=\"cmd:requri\" seqid=\"1\"><data/></cmd></xccos>";

    final RecordingXccosService service = new RecordingXccosService();
    final Map<String, String> ha1ByUserAndAlgorithm = new ConcurrentHashMap<>();
    final SipListener listener;

    private ListenerFixture(SessionSettings settings, Executor credentialsExecutor, Ticker ticker) throws Exception {
        UserCredentials credentials = (user, algorithm) -> Optional.ofNullable(ha1ByUserAndAlgorithm.get(user + " " + algorithm));
        listener = new SipListener(settings, service, credentials, credentialsExecutor, ticker);
        listener.start();
    }

    /** Default settings on port 0, changed by {@code tune}. */
    static ListenerFixture start(java.util.function.UnaryOperator<SessionSettings.Builder> tune) throws Exception {
        return start(tune, Runnable::run, Ticker.systemTicker());
    }

    static ListenerFixture start(java.util.function.UnaryOperator<SessionSettings.Builder> tune, Executor credentialsExecutor,
                                 Ticker ticker) throws Exception {
        SessionSettings settings = tune.apply(SessionSettings.builder().port(0).timerTick(java.time.Duration.ofMillis(20))).build();
        return new ListenerFixture(settings, credentialsExecutor, ticker);
    }

    int port() {
        return listener.port();
    }

    SipTestClient connect() {
        return SipTestClient.connect(port());
    }

    @Override
    public void close() throws Exception {
        listener.stop();
    }
}
