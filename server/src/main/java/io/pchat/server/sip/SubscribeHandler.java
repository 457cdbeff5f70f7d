package io.pchat.server.sip;

import java.util.Locale;

import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPRequest;
import io.pchat.protocol.sip.SipResponseBuilder;

/**
 * SUBSCRIBE, for the built-in front end ({@link FrontEndMode#BUILTIN}): the self-subscriptions a
 * Lync-family client makes after REGISTER.
 *
 * <ul>
 * <li>{@code vnd-microsoft-provisioning-v2}: a one-off query. 200 with the
 * {@link ProvisioningDocument} (persistent chat enabled, the pool URI) as body,
 * {@code subscription-state: terminated;expires=0} and {@code ms-piggyback-cseq: 1} (which makes
 * SIPE read the body of the 200 as if it were the first NOTIFY). No state is kept.</li>
 * <li>{@code vnd-microsoft-roaming-contacts} and {@code vnd-microsoft-roaming-self}: 200 with a
 * To tag, Contact, Event and {@code Expires} (granted like a registration); the subscription is
 * remembered until it expires, is ended by an un-SUBSCRIBE, its binding goes, or its connection
 * closes. The node has no contact list or presence to send: no body and no NOTIFY.</li>
 * <li>any other event: 489 Bad Event with {@code Allow-Events}.</li>
 * </ul>
 *
 * <p>A new subscription must be to oneself (To = From, else 403) from a user registered on this
 * connection (else 403): authentication happened at REGISTER. Inside a subscription dialog (To
 * tag): {@code Expires: 0} ends it and is answered 200 {@code subscription-state: terminated}
 * whether or not the node still knows it (an un-SUBSCRIBE is idempotent; at logout SIPE sends them
 * after the node may already have dropped them); any other refresh of an unknown subscription is
 * 481.
 */
final class SubscribeHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(SubscribeHandler.class);

    static final String ROAMING_CONTACTS = "vnd-microsoft-roaming-contacts";
    static final String ROAMING_SELF = "vnd-microsoft-roaming-self";

    private final Registrations registrations;

    SubscribeHandler(Registrations registrations) {
        this.registrations = registrations;
    }

    @Override
    public void handle(SipConnection connection, SIPRequest subscribe) {
        String event = event(subscribe);
        if (event == null) {
            connection.respond(allowEvents(SipConnection.answer(subscribe, 489).reason("Missing Event")).build());
            return;
        }
        int requested = requestedExpires(subscribe);
        DialogId existing = DialogId.of(subscribe);
        if (existing != null) {
            inDialog(connection, subscribe, existing, event, requested);
            return;
        }
        if (subscribe.getFromTag() == null) {
            connection.respond(SipConnection.answer(subscribe, 400).reason("Missing From Tag").build());
            return;
        }
        AddressOfRecord from = AddressOfRecord.of(subscribe.getFrom().getAddress().getURI()).orElse(null);
        AddressOfRecord to = AddressOfRecord.of(subscribe.getTo().getAddress().getURI()).orElse(null);
        if (from == null || !from.equals(to)) {
            connection.respond(SipConnection.answer(subscribe, 403).reason("Only Self Subscriptions Are Served").build());
            return;
        }
        if (!RegisterHandler.EVENTS.contains(event)) {
            connection.respond(allowEvents(SipConnection.answer(subscribe, 489).reason("Bad Event")).build());
            return;
        }
        if (!registrations.isRegistered(from, connection.channel(), connection.nanoTime())) {
            connection.respond(SipConnection.answer(subscribe, 403).reason("Not Registered On This Connection").build());
            return;
        }
        if (ProvisioningDocument.EVENT.equals(event)) {
            connection.respond(SipConnection.answer(subscribe, 200)
                    .contact("<" + connection.context().serviceUris().nodeUri() + ">")
                    .header("Event", event)
                    .header("Subscription-State", "terminated;expires=0")
                    .header("Expires", "0")
                    .header("ms-piggyback-cseq", "1")
                    .body("application", ProvisioningDocument.CONTENT_SUBTYPE,
                            ProvisioningDocument.persistentChat(connection.context().settings().poolUri()))
                    .build());
            log.debug("provisioning-v2 sent to {} (pool {})", from, connection.context().settings().poolUri());
            return;
        }
        if (requested == 0) { // a one-off fetch of a roaming event: nothing to send, nothing to keep
            connection.respond(terminated(SipConnection.answer(subscribe, 200), event).build());
            return;
        }
        int granted = RegisterHandler.grant(requested, connection.context().settings().registrationExpiresSeconds());
        String localTag = Tags.newTag();
        DialogId id = new DialogId(subscribe.getCallId().getCallId(), localTag, subscribe.getFromTag());
        registrations.subscribe(new Registrations.Subscription(id, from, event, connection.channel(),
                connection.nanoTime() + granted * 1_000_000_000L));
        connection.respond(active(SipResponseBuilder.answering(subscribe, 200).toTag(localTag), connection, event, granted)
                .build());
        log.debug("{} subscribed to {} for {} s", from, event, granted);
    }

    private void inDialog(SipConnection connection, SIPRequest subscribe, DialogId id, String event, int requested) {
        Registrations.Subscription subscription = registrations.subscription(id);
        if (requested == 0) {
            registrations.unsubscribe(id);
            connection.respond(terminated(SipConnection.answer(subscribe, 200), event).build());
            return;
        }
        if (subscription == null || subscription.channel() != connection.channel()) {
            connection.respond(SipConnection.answer(subscribe, 481).build());
            return;
        }
        int granted = RegisterHandler.grant(requested, connection.context().settings().registrationExpiresSeconds());
        registrations.refresh(id, connection.nanoTime() + granted * 1_000_000_000L);
        connection.respond(active(SipConnection.answer(subscribe, 200), connection, event, granted).build());
    }

    private static SipResponseBuilder active(SipResponseBuilder ok, SipConnection connection, String event, int granted) {
        return ok.contact("<" + connection.context().serviceUris().nodeUri() + ">")
                .header("Event", event)
                .header("Subscription-State", "active;expires=" + granted)
                .header("Expires", Integer.toString(granted));
    }

    private static SipResponseBuilder terminated(SipResponseBuilder ok, String event) {
        return ok.header("Event", event)
                .header("Subscription-State", "terminated;expires=0")
                .header("Expires", "0");
    }

    private static SipResponseBuilder allowEvents(SipResponseBuilder response) {
        RegisterHandler.EVENTS.forEach(event -> response.header("Allow-Events", event));
        return response;
    }

    /** The event package, lower-cased, without parameters; null when there is no Event header. */
    static String event(SIPRequest request) {
        if (request.getHeader(EventHeader.NAME) instanceof EventHeader header && header.getEventType() != null) {
            return header.getEventType().strip().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static int requestedExpires(SIPRequest request) {
        ExpiresHeader header = request.getExpires();
        return header == null ? -1 : header.getExpires();
    }
}
