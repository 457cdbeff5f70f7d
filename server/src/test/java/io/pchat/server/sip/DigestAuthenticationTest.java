package io.pchat.server.sip;

import static io.pchat.server.sip.ListenerFixture.POOL_URI;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.header.WWWAuthenticate;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;

/** SIP Digest on INVITE (RFC 8760 SHA-256 and MD5, qop=auth), with HA1s as the user directory stores them. */
class DigestAuthenticationTest {

    private static final MockTicker clock = Ticker.newMockTicker();
    private static final HeldExecutor lookups = new HeldExecutor();
    private static ListenerFixture node;

    @BeforeAll
    static void startListener() throws Exception {
        node = ListenerFixture.start(b -> b.authMode(AuthMode.DIGEST), lookups, clock);
        node.ha1ByUserAndAlgorithm.put("sip:alice@example.com MD5", hex("MD5", "alice@example.com:example.com:secret"));
        node.ha1ByUserAndAlgorithm.put("sip:alice@example.com SHA_256", hex("SHA-256", "alice@example.com:example.com:secret"));
    }

    @AfterAll
    static void stopListener() throws Exception {
        node.close();
    }

    @Test
    void anInviteWithoutCredentialsIsChallengedWithSha256FirstAndMd5() {
        try (SipTestClient client = node.connect()) {
            SIPResponse challenge = new ClientDialog(client, "sip:alice@example.com", POOL_URI).invite();

            assertThat(challenge.getStatusCode()).isEqualTo(401);
            List<WWWAuthenticate> offers = challenges(challenge);
            assertThat(offers).extracting(WWWAuthenticate::getAlgorithm).containsExactly("SHA-256", "MD5");
            assertThat(offers).allSatisfy(o -> {
                assertThat(o.getRealm()).isEqualTo("example.com");
                assertThat(o.getQop()).isEqualTo("auth");
                assertThat(o.getNonce()).isNotBlank();
                assertThat(o.getParameter("stale")).isNull();
            });
        }
    }

    @Test
    void theRightPasswordIsAcceptedWithEitherAlgorithmAndTheDigestUsernameBecomesTheIdentity() {
        try (SipTestClient client = node.connect()) {
            for (String algorithm : List.of("SHA-256", "MD5")) {
                ClientDialog dialog = new ClientDialog(client, "sip:alice@example.com", POOL_URI);
                String nonce = challenges(dialog.invite()).get(0).getNonce();

                SIPResponse ok = dialog.invite(authorization("alice@example.com", "secret", algorithm, nonce, 1));

                assertThat(ok.getStatusCode()).as(algorithm).isEqualTo(200);
                assertThat(ChatDialogTestSupport.startedSession(node, dialog).user()).isEqualTo("sip:alice@example.com");
            }
        }
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsRefusedWith403() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:alice@example.com", POOL_URI);
            String nonce = challenges(dialog.invite()).get(0).getNonce();

            assertThat(dialog.invite(authorization("alice@example.com", "guess", "SHA-256", nonce, 1)).getStatusCode()).isEqualTo(403);
            assertThat(dialog.invite(authorization("mallory@example.com", "secret", "MD5", nonce, 2)).getStatusCode()).isEqualTo(403);
        }
    }

    @Test
    void aGuesserIsSlowedAfterAFewFailuresCountedAndRefusedUncheckedWhenTooSoon() {
        // a user of its own, so that the other tests' alice is not throttled
        node.ha1ByUserAndAlgorithm.put("sip:dora@example.com SHA_256", hex("SHA-256", "dora@example.com:example.com:right"));
        long before = node.listener.authFailures();
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:dora@example.com", POOL_URI);
            String nonce = challenges(dialog.invite()).get(0).getNonce();
            for (int i = 1; i <= AuthThrottle.FREE_PAIR_FAILURES; i++) {
                assertThat(dialog.invite(authorization("dora@example.com", "guess" + i, "SHA-256", nonce, i)).getStatusCode())
                        .isEqualTo(403);
            }
            SIPResponse tooSoon = dialog.invite(authorization("dora@example.com", "right", "SHA-256", nonce, 4));
            assertThat(tooSoon.getStatusCode()).as("even the right password, too soon after the failures").isEqualTo(403);
            assertThat(tooSoon.getReasonPhrase()).contains("Too Many Failures");

            clock.advance(600, TimeUnit.MILLISECONDS); // the pair's delay (500 ms) has passed
            long began = System.nanoTime();
            SIPResponse slowed = dialog.invite(authorization("dora@example.com", "guess5", "SHA-256", nonce, 5));
            long waitedMillis = (System.nanoTime() - began) / 1_000_000;

            assertThat(slowed.getStatusCode()).isEqualTo(403);
            assertThat(waitedMillis).as("a checked attempt's answer waits for the throttle (500 ms)").isGreaterThanOrEqualTo(450);
            assertThat(node.listener.authFailures() - before).as("failures counted (pchat_auth_failures_total)").isEqualTo(4);
        }
    }

    @Test
    void aNonceCountThatIsNotGreaterThanTheLastOneIsAReplayAndRefused() {
        try (SipTestClient client = node.connect()) {
            ClientDialog first = new ClientDialog(client, "sip:alice@example.com", POOL_URI);
            String nonce = challenges(first.invite()).get(0).getNonce();
            assertThat(first.invite(authorization("alice@example.com", "secret", "SHA-256", nonce, 5)).getStatusCode()).isEqualTo(200);

            ClientDialog replay = new ClientDialog(client, "sip:alice@example.com", POOL_URI);
            SIPResponse replayed = replay.invite(authorization("alice@example.com", "secret", "SHA-256", nonce, 5));
            SIPResponse lower = replay.invite(authorization("alice@example.com", "secret", "SHA-256", nonce, 4));
            SIPResponse next = replay.invite(authorization("alice@example.com", "secret", "SHA-256", nonce, 6));

            assertThat(replayed.getStatusCode()).isEqualTo(403);
            assertThat(lower.getStatusCode()).isEqualTo(403);
            assertThat(next.getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void anExpiredNonceIsChallengedAgainWithStaleTrue() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:alice@example.com", POOL_URI);
            String nonce = challenges(dialog.invite()).get(0).getNonce();

            clock.advance(6, TimeUnit.MINUTES);
            SIPResponse stale = dialog.invite(authorization("alice@example.com", "secret", "SHA-256", nonce, 1));

            assertThat(stale.getStatusCode()).isEqualTo(401);
            assertThat(challenges(stale)).allSatisfy(o -> assertThat(o.getParameter("stale")).isEqualToIgnoringCase("true"));
            String fresh = challenges(stale).get(0).getNonce();
            assertThat(dialog.invite(authorization("alice@example.com", "secret", "SHA-256", fresh, 1)).getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void aForgedNonceIsChallengedAgain() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:alice@example.com", POOL_URI);

            SIPResponse response = dialog.invite(authorization("alice@example.com", "secret", "MD5", "bm90LWEtbm9uY2U", 1));

            assertThat(response.getStatusCode()).isEqualTo(401);
            assertThat(challenges(response)).hasSize(2);
        }
    }

    @Test
    void aCancelWhileTheCredentialLookupRunsAnswers487AndNoDialogIsCreated() {
        try (SipTestClient client = node.connect()) {
            ClientDialog dialog = new ClientDialog(client, "sip:alice@example.com", POOL_URI);
            String nonce = challenges(dialog.invite()).get(0).getNonce();
            lookups.hold();
            long cseq = dialog.sendInvite(ClientDialog.SDP_OFFER.getBytes(StandardCharsets.US_ASCII),
                    authorization("alice@example.com", "secret", "SHA-256", nonce, 1));

            SIPResponse cancelled = dialog.cancel();
            SIPResponse invite = client.awaitResponse(dialog.callId(), cseq);
            lookups.release();

            assertThat(cancelled.getStatusCode()).isEqualTo(200);
            assertThat(invite.getStatusCode()).isEqualTo(487);
            assertThat(node.service.started).noneMatch(s -> s.id().startsWith(dialog.callId() + ";"));
        }
    }

    /** The INVITE's Authorization header for {@code password}, computed here independently of the node. */
    static String authorization(String username, String password, String algorithm, String nonce, long nc) {
        String javaAlgorithm = algorithm.equals("MD5") ? "MD5" : "SHA-256";
        String uri = POOL_URI;
        String cnonce = "0a4f113b";
        String ncText = String.format("%08x", nc);
        String ha1 = hex(javaAlgorithm, username + ":example.com:" + password);
        String ha2 = hex(javaAlgorithm, "INVITE:" + uri);
        String response = hex(javaAlgorithm, ha1 + ":" + nonce + ":" + ncText + ":" + cnonce + ":auth:" + ha2);
        return "Authorization: Digest username=\"" + username + "\", realm=\"example.com\", nonce=\"" + nonce
                + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=" + algorithm
                + ", qop=auth, nc=" + ncText + ", cnonce=\"" + cnonce + "\"";
    }

    static List<WWWAuthenticate> challenges(SIPResponse response) {
        List<WWWAuthenticate> all = new ArrayList<>();
        response.getHeaders("WWW-Authenticate").forEachRemaining(h -> all.add((WWWAuthenticate) h));
        return all;
    }

    static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs lookups at once, or queues them while held. */
    static final class HeldExecutor implements Executor {
        private final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
        private volatile boolean holding;

        void hold() {
            holding = true;
        }

        void release() {
            holding = false;
            Runnable task;
            while ((task = held.poll()) != null) {
                task.run();
            }
        }

        @Override
        public void execute(Runnable task) {
            if (holding) {
                held.add(task);
            } else {
                task.run();
            }
        }
    }
}
