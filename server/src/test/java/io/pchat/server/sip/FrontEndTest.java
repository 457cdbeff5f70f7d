package io.pchat.server.sip;

import static io.pchat.server.sip.ListenerFixture.POOL_URI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPResponse;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;

/**
 * The built-in front end (REGISTER, SUBSCRIBE) over loopback TCP, with the requests written the
 * way SIPE 1.25 writes them (copied from its log): REGISTER and new SUBSCRIBEs with an RFC 3261
 * branch, in-dialog requests (un-SUBSCRIBE) with no branch at all.
 */
class FrontEndTest {

    private static final String INSTANCE = "<urn:uuid:b7878522-d7fe-5c33-b30d-265f6618ae78>";
    private static ListenerFixture node;

    @BeforeAll
    static void startListener() throws Exception {
        node = ListenerFixture.start(b -> b);
    }

    @AfterAll
    static void stopListener() throws Exception {
        node.close();
    }

    // ---- REGISTER

    @Test
    void registerIsAnsweredTheWaySipeNeeds() {
        try (SipTestClient client = node.connect()) {
            Sipe sipe = new Sipe(client, "alice");
            SIPResponse ok = sipe.register(null);

            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(ok.getToTag()).isNotBlank();
            assertThat(ok.getExpires().getExpires()).isEqualTo(3600);
            assertThat(ok.getContactHeader().getExpires()).isEqualTo(3600);
            assertThat(ok.getContactHeader().toString()).contains(INSTANCE);
            List<String> lines = Arrays.asList(client.rawText().split("\r\n"));
            // SIPE compares the whole value: msrtc-event-categories must stand alone on its line
            assertThat(lines).filteredOn(l -> l.regionMatches(true, 0, "Supported:", 0, 10))
                    .containsExactly("Supported: msrtc-event-categories");
            // SIPE splits at commas without trimming: no spaces
            assertThat(lines).filteredOn(l -> l.startsWith("Allow-Events:")).containsExactly(
                    "Allow-Events: vnd-microsoft-provisioning-v2,vnd-microsoft-roaming-contacts,vnd-microsoft-roaming-self");
            assertThat(node.listener.registrations().of("sip:alice@example.com")).hasSize(1);
        }
    }

    @Test
    void theClientsExpiresIsGrantedBetweenSixtySecondsAndTheMaximum() {
        try (SipTestClient client = node.connect()) {
            Sipe sipe = new Sipe(client, "bert");
            assertThat(sipe.register("Expires: 120").getExpires().getExpires()).isEqualTo(120);
            assertThat(sipe.register("Expires: 10").getExpires().getExpires()).isEqualTo(60);
            assertThat(sipe.register("Expires: 99999").getExpires().getExpires()).isEqualTo(3600);
            assertThat(node.listener.registrations().of("sip:bert@example.com")).hasSize(1); // refreshed, not added
        }
    }

    @Test
    void registerExpiresZeroIsTheLogoutAndDropsTheSubscriptions() {
        try (SipTestClient client = node.connect()) {
            Sipe sipe = new Sipe(client, "carl");
            sipe.register(null);
            sipe.subscribe("vnd-microsoft-roaming-contacts", null);
            assertThat(subscriptionsOf("sip:carl@example.com")).isEqualTo(1);

            SIPResponse ok = sipe.register("Expires: 0");

            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(ok.getExpires().getExpires()).isZero();
            assertThat(node.listener.registrations().of("sip:carl@example.com")).isEmpty();
            assertThat(subscriptionsOf("sip:carl@example.com")).isZero();
        }
    }

    @Test
    void nobodyRegistersForSomeoneElseOrForAnotherDomain() {
        try (SipTestClient client = node.connect()) {
            Sipe mallory = new Sipe(client, "mallory");
            assertThat(mallory.send("REGISTER", "sip:example.com", "<sip:alice@example.com>", null, true,
                    "Contact: <sip:" + client.hostPort() + ";transport=tcp>").getStatusCode()).isEqualTo(403);
            Sipe other = new Sipe(client, "dora", "other.org");
            assertThat(other.register(null).getStatusCode()).isEqualTo(404);
        }
    }

    @Test
    void aLostConnectionLeavesNoRegistrationOrSubscriptionBehind() {
        SipTestClient client = node.connect();
        Sipe sipe = new Sipe(client, "erik");
        sipe.register(null);
        sipe.subscribe("vnd-microsoft-roaming-self", null);
        assertThat(node.listener.registrations().of("sip:erik@example.com")).hasSize(1);

        client.reset(); // SIPE resets the socket at logout

        await().atMost(Duration.ofSeconds(5)).until(() -> node.listener.registrations().of("sip:erik@example.com").isEmpty());
        assertThat(subscriptionsOf("sip:erik@example.com")).isZero();
    }

    // ---- SUBSCRIBE

    @Test
    void provisioningV2IsAnsweredWithThePersistentChatConfigurationInThe200() {
        try (SipTestClient client = node.connect()) {
            Sipe sipe = new Sipe(client, "fay");
            sipe.register(null);

            SIPResponse ok = sipe.subscribe("vnd-microsoft-provisioning-v2", "Expires: 0");

            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(ok.getHeader("Event").toString()).contains("vnd-microsoft-provisioning-v2");
            assertThat(ok.getHeader("Subscription-State").toString()).contains("terminated");
            assertThat(ok.getHeader("ms-piggyback-cseq").toString()).contains("1");
            assertThat(ok.getContentTypeHeader().getContentSubType()).isEqualTo("vnd-microsoft-roaming-provisioning-v2+xml");
            String body = new String(ok.getRawContent(), StandardCharsets.UTF_8);
            assertThat(body).startsWith("<provisionGroupList")
                    .contains("<provisionGroup name=\"persistentChatConfiguration\"><propertyEntryList>")
                    .contains("<property name=\"EnablePersistentChat\">true</property>")
                    .contains("<property name=\"DefaultPersistentChatPoolUri\">" + POOL_URI + "</property>");
            assertThat(subscriptionsOf("sip:fay@example.com")).isZero(); // a one-off query keeps nothing
        }
    }

    @Test
    void roamingSubscriptionsAreKeptAndAnUnsubscribeWithoutViaBranchEndsThem() {
        try (SipTestClient client = node.connect()) {
            Sipe sipe = new Sipe(client, "gus");
            sipe.register(null);

            SIPResponse contacts = sipe.subscribe("vnd-microsoft-roaming-contacts", null);
            SIPResponse self = sipe.subscribe("vnd-microsoft-roaming-self", null);

            for (SIPResponse ok : List.of(contacts, self)) {
                assertThat(ok.getStatusCode()).isEqualTo(200);
                assertThat(ok.getToTag()).isNotBlank();
                assertThat(ok.getExpires().getExpires()).isEqualTo(3600);
                assertThat(ok.getContactHeader().getAddress().getURI().toString()).isEqualTo(node.listener.nodeUri());
            }
            assertThat(contacts.getHeader("Event").toString()).contains("vnd-microsoft-roaming-contacts");
            assertThat(subscriptionsOf("sip:gus@example.com")).isEqualTo(2);

            // SIPE's un-SUBSCRIBE: in the subscription dialog, to the Contact, Via without branch
            SIPResponse gone = sipe.send("SUBSCRIBE", node.listener.nodeUri(), "<sip:gus@example.com>;tag=" + contacts.getToTag(),
                    contacts.getCallId().getCallId(), false, "Event: vnd-microsoft-roaming-contacts", "Expires: 0");

            assertThat(gone.getStatusCode()).isEqualTo(200);
            assertThat(gone.getHeader("Subscription-State").toString()).contains("terminated");
            assertThat(subscriptionsOf("sip:gus@example.com")).isEqualTo(1);
            // idempotent: once more is still 200; a refresh of what is gone is 481
            assertThat(sipe.send("SUBSCRIBE", node.listener.nodeUri(), "<sip:gus@example.com>;tag=" + contacts.getToTag(),
                    contacts.getCallId().getCallId(), false, "Event: vnd-microsoft-roaming-contacts", "Expires: 0")
                    .getStatusCode()).isEqualTo(200);
            assertThat(sipe.send("SUBSCRIBE", node.listener.nodeUri(), "<sip:gus@example.com>;tag=" + contacts.getToTag(),
                    contacts.getCallId().getCallId(), false, "Event: vnd-microsoft-roaming-contacts", "Expires: 600")
                    .getStatusCode()).isEqualTo(481);
            // a refresh of a live one is 200 with the new interval
            SIPResponse refreshed = sipe.send("SUBSCRIBE", node.listener.nodeUri(), "<sip:gus@example.com>;tag=" + self.getToTag(),
                    self.getCallId().getCallId(), false, "Event: vnd-microsoft-roaming-self", "Expires: 600");
            assertThat(refreshed.getStatusCode()).isEqualTo(200);
            assertThat(refreshed.getExpires().getExpires()).isEqualTo(600);
        }
    }

    @Test
    void subscribeNeedsARegistrationOnThisConnectionAKnownEventAndOneself() {
        try (SipTestClient client = node.connect()) {
            Sipe sipe = new Sipe(client, "hal");
            assertThat(sipe.subscribe("vnd-microsoft-provisioning-v2", "Expires: 0").getStatusCode()).isEqualTo(403);

            sipe.register(null);
            SIPResponse badEvent = sipe.subscribe("presence", null);
            assertThat(badEvent.getStatusCode()).isEqualTo(489);
            assertThat(badEvent.getHeader("Allow-Events").toString()).contains("vnd-microsoft-provisioning-v2");
            assertThat(sipe.send("SUBSCRIBE", "sip:ida@example.com", "<sip:ida@example.com>", null, true,
                    "Event: vnd-microsoft-roaming-self").getStatusCode()).isEqualTo(403);
        }
        try (SipTestClient other = node.connect()) {
            // registered above on another connection, which is closed now: not registered here
            assertThat(new Sipe(other, "hal").subscribe("vnd-microsoft-roaming-self", null).getStatusCode()).isEqualTo(403);
        }
    }

    @Test
    void optionsAndTheInvite200ListRegisterAndSubscribeInAllow() {
        try (SipTestClient client = node.connect()) {
            SIPResponse ok = new ClientDialog(client, "sip:ivy@example.com", POOL_URI).withoutViaBranch().invite();
            assertThat(allow(ok)).contains("REGISTER", "SUBSCRIBE", "INVITE", "INFO");
        }
    }

    // ---- expiry, external front end

    @Test
    void expiredRegistrationsAndSubscriptionsAreSwept() throws Exception {
        MockTicker clock = Ticker.newMockTicker();
        try (ListenerFixture timed = ListenerFixture.start(b -> b.registrationExpiresSeconds(120), Runnable::run, clock);
             SipTestClient client = timed.connect()) {
            Sipe sipe = new Sipe(client, "jan");
            sipe.register("Expires: 60");
            sipe.subscribe("vnd-microsoft-roaming-self", null); // granted 120 s
            Registrations registrations = timed.listener.registrations();

            clock.advance(61, java.util.concurrent.TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> registrations.size() == 0);
            assertThat(registrations.subscriptionCount()).isEqualTo(1);

            clock.advance(60, java.util.concurrent.TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> registrations.subscriptionCount() == 0);
        }
    }

    @Test
    void behindAnExternalFrontEndRegisterAndSubscribeAre405() throws Exception {
        try (ListenerFixture external = ListenerFixture.start(b -> b.frontEnd(FrontEndMode.EXTERNAL));
             SipTestClient client = external.connect()) {
            Sipe sipe = new Sipe(client, "kim");
            SIPResponse register = sipe.register(null);
            SIPResponse subscribe = sipe.subscribe("vnd-microsoft-provisioning-v2", "Expires: 0");

            assertThat(register.getStatusCode()).isEqualTo(405);
            assertThat(subscribe.getStatusCode()).isEqualTo(405);
            assertThat(allow(register)).contains("INVITE").doesNotContain("REGISTER", "SUBSCRIBE");
            assertThat(external.listener.registrations().size()).isZero();
        }
    }

    @Test
    void frontEndModeParses() {
        assertThat(FrontEndMode.parse(" External ")).isEqualTo(FrontEndMode.EXTERNAL);
        assertThat(FrontEndMode.parse("builtin")).isEqualTo(FrontEndMode.BUILTIN);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FrontEndMode.parse("proxy"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("builtin");
    }

    /** Every method of every Allow header. */
    private static List<String> allow(SIPResponse response) {
        List<String> methods = new java.util.ArrayList<>();
        response.getHeaders("Allow").forEachRemaining(h -> methods.add(((javax.sip.header.AllowHeader) h).getMethod()));
        return methods;
    }

    private static int subscriptionsOf(String user) {
        return node.listener.registrations().subscriptionsOf(user).size();
    }

    /** REGISTER and SUBSCRIBE written like SIPE 1.25 writes them. */
    private static final class Sipe {
        private final SipTestClient client;
        private final String user;
        private final String registerCallId = UUID.randomUUID().toString();
        private long cseq;

        Sipe(SipTestClient client, String name) {
            this(client, name, "example.com");
        }

        Sipe(SipTestClient client, String name, String domain) {
            this.client = client;
            this.user = "sip:" + name + "@" + domain;
        }

        SIPResponse register(String expires) {
            String contact = "Contact: <sip:" + client.hostPort() + ";transport=tcp;ms-opaque=d3470f2e1d>;methods=\"INVITE, MESSAGE, INFO,"
                    + " SUBSCRIBE, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY\";proxy=replace;+sip.instance=\"" + INSTANCE + "\"";
            String[] headers = expires == null
                    ? new String[] {contact, "Supported: gruu-10, adhoclist, msrtc-event-categories, com.microsoft.msrtc.presence",
                            "Event: registration", "Allow-Events: presence", "ms-keep-alive: UAC;hop-hop=yes"}
                    : new String[] {contact, "Supported: gruu-10, adhoclist, msrtc-event-categories, com.microsoft.msrtc.presence",
                            "Event: registration", "Allow-Events: presence", "ms-keep-alive: UAC;hop-hop=yes", expires};
            return send("REGISTER", "sip:" + user.substring(user.indexOf('@') + 1), "<" + user + ">", registerCallId, true, headers);
        }

        SIPResponse subscribe(String event, String expires) {
            String contact = "Contact: <" + user + ":" + client.hostPort().split(":")[1] + ";maddr=127.0.0.1;transport=tcp>;proxy=replace";
            String[] base = {"Event: " + event, "Accept: application/" + event + "+xml", "Supported: com.microsoft.autoextend",
                    "Supported: ms-benotify", "Proxy-Require: ms-benotify", "Supported: ms-piggyback-first-notify", contact};
            String[] headers = expires == null ? base : concat(base, expires);
            return send("SUBSCRIBE", user, "<" + user + ">", null, true, headers);
        }

        /** A request from this user; {@code callId} null for a new one; {@code branch} false writes SIPE's in-dialog Via. */
        SIPResponse send(String method, String requestUri, String to, String callId, boolean branch, String... headers) {
            long n = ++cseq;
            String id = callId != null ? callId : UUID.randomUUID().toString();
            StringBuilder text = new StringBuilder()
                    .append(method).append(' ').append(requestUri).append(" SIP/2.0\n")
                    .append("Via: SIP/2.0/tcp ").append(client.hostPort())
                    .append(branch ? ";branch=z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong()) : "").append('\n')
                    .append("From: <").append(user).append(">;tag=").append(Long.toHexString(id.hashCode() & 0xffffffffL))
                    .append(";epid=cf0b98dadeb9\n")
                    .append("To: ").append(to).append('\n')
                    .append("Max-Forwards: 70\n")
                    .append("CSeq: ").append(n).append(' ').append(method).append('\n')
                    .append("User-Agent: Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)\n")
                    .append("Call-ID: ").append(id).append('\n');
            for (String header : headers) {
                text.append(header).append('\n');
            }
            text.append("Content-Length: 0\n");
            client.send(text.toString(), new byte[0]);
            return client.awaitResponse(id, n);
        }

        private static String[] concat(String[] a, String b) {
            String[] all = Arrays.copyOf(a, a.length + 1);
            all[a.length] = b;
            return all;
        }
    }
}
