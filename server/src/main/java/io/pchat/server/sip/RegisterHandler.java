package io.pchat.server.sip;

import java.util.List;

import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.pchat.protocol.sip.SipResponseBuilder;

/**
 * REGISTER, for the built-in front end ({@link FrontEndMode#BUILTIN}): the node is the registrar
 * of its domain, in memory ({@link Registrations}).
 *
 * <p>Checks, in order: the To is a {@code sip:user@host} address (400) of the node's domain (404);
 * the sender is authenticated as for an INVITE (the node's auth mode: 401 challenge or 403) and
 * is that user (403: nobody registers for someone else). Then:
 * <ul>
 * <li>{@code Expires: 0} (header or Contact parameter) removes the binding, or every binding of
 * the user with {@code Contact: *}: the logout. 200 with {@code Expires: 0}.</li>
 * <li>otherwise the binding is added or refreshed for the client's Expires, raised to 60 s and
 * capped at {@code registrationExpiresSeconds} (that value when the client gives none), and
 * answered 200 with the Contact (and its {@code expires}), {@code Expires: N},
 * {@code Supported: msrtc-event-categories} alone on its line and {@code Allow-Events} listing the
 * events the node answers, without spaces (SIPE compares the whole header value, and splits
 * Allow-Events at commas without trimming). More than {@code maxDialogsPerUser} bindings: 403.</li>
 * <li>no Contact: a query, 200 listing nothing changed.</li>
 * </ul>
 * The first binding made on a connection hooks the connection's close, so that a connection
 * loss (SIPE resets the socket at logout) leaves no binding or subscription behind.
 */
final class RegisterHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(RegisterHandler.class);

    /** The events the built-in front end answers SUBSCRIBEs for (see {@link SubscribeHandler}). */
    static final List<String> EVENTS = List.of(ProvisioningDocument.EVENT, SubscribeHandler.ROAMING_CONTACTS,
            SubscribeHandler.ROAMING_SELF);
    static final String MSRTC_EVENT_CATEGORIES = "msrtc-event-categories";
    static final int MIN_EXPIRES_SECONDS = 60;

    private static final AttributeKey<Boolean> WATCHED = AttributeKey.valueOf(RegisterHandler.class, "registrationsWatched");

    private final Registrations registrations;

    RegisterHandler(Registrations registrations) {
        this.registrations = registrations;
    }

    @Override
    public void handle(SipConnection connection, SIPRequest register) {
        SipContext context = connection.context();
        AddressOfRecord user = AddressOfRecord.of(register.getTo().getAddress().getURI()).orElse(null);
        if (user == null) {
            connection.respond(SipConnection.answer(register, 400).reason("To Is Not A sip:user@host Address").build());
            return;
        }
        if (!user.host().equals(context.settings().domain())) {
            connection.respond(SipConnection.answer(register, 404).reason("Domain Not Served Here").build());
            return;
        }
        context.authenticator().authenticate(register, connection.peerAddress()).whenComplete((outcome, error) ->
                connection.executeOnLoop(() -> decideOrFail(connection, register, user, outcome, error)));
    }

    /** A failure here would vanish into the completion stage: log it and answer 500. */
    private void decideOrFail(SipConnection connection, SIPRequest register, AddressOfRecord user,
                              Authentication outcome, Throwable error) {
        try {
            decide(connection, register, user, outcome, error);
        } catch (RuntimeException e) {
            log.warn("REGISTER handling failed on {}", connection.channel(), e);
            connection.respond(SipConnection.answer(register, 500).build());
        }
    }

    private void decide(SipConnection connection, SIPRequest register, AddressOfRecord user, Authentication outcome,
                        Throwable error) {
        if (!connection.channel().isActive()) {
            return;
        }
        if (error != null) {
            log.warn("authentication of a REGISTER failed on {}", connection.channel(), error);
            connection.respond(SipConnection.answer(register, 500).build());
        } else if (outcome instanceof Authentication.Challenged challenge) {
            SipResponseBuilder response = SipConnection.answer(register, 401);
            challenge.wwwAuthenticate().forEach(value -> response.header("WWW-Authenticate", value));
            connection.respond(response.build());
        } else if (outcome instanceof Authentication.Refused refused) {
            connection.respond(SipConnection.answer(register, refused.status()).reason(refused.reason()).build());
        } else if (outcome instanceof Authentication.Identified identified) {
            if (!identified.user().equals(user)) {
                connection.respond(SipConnection.answer(register, 403).reason("Cannot Register Another User").build());
            } else {
                apply(connection, register, user);
            }
        }
    }

    private void apply(SipConnection connection, SIPRequest register, AddressOfRecord user) {
        ContactHeader contact = register.getContactHeader();
        int requested = requestedExpires(register, contact);
        Channel channel = connection.channel();
        if (contact == null) {
            connection.respond(ok(register, -1).build()); // a query: nothing changes
            return;
        }
        if (requested == 0) {
            int removed = contact.isWildCard() ? registrations.unregisterAll(user)
                    : registrations.unregister(user, instance(contact)) ? 1 : 0;
            log.debug("{} unregistered {} binding(s) on {}", user, removed, channel);
            connection.respond(ok(register, 0).build());
            return;
        }
        if (contact.isWildCard()) {
            connection.respond(SipConnection.answer(register, 400).reason("Contact * Needs Expires: 0").build());
            return;
        }
        int granted = grant(requested, connection.context().settings().registrationExpiresSeconds());
        long expiresAt = connection.nanoTime() + granted * 1_000_000_000L;
        Registrations.Binding binding = new Registrations.Binding(user, instance(contact),
                contact.getAddress().getURI().toString(), register.getCallId().getCallId(), channel, expiresAt);
        if (!registrations.register(binding)) {
            connection.respond(SipConnection.answer(register, 403).reason("Too Many Registrations For This User").build());
            return;
        }
        watch(channel);
        SIPResponse response = ok(register, granted).build();
        Contact echoed = (Contact) ((Contact) contact).clone();
        echoed.setExpires(granted);
        response.addHeader(echoed);
        log.debug("{} registered {} for {} s on {}", user, binding.instance(), granted, channel);
        connection.respond(response);
    }

    /** 200 with To tag, {@code Expires} (unless negative), Supported and Allow-Events. */
    private static SipResponseBuilder ok(SIPRequest register, int expires) {
        SipResponseBuilder ok = SipConnection.answer(register, 200);
        if (expires >= 0) {
            ok.header("Expires", Integer.toString(expires));
        }
        ok.header("Supported", MSRTC_EVENT_CATEGORIES);
        EVENTS.forEach(event -> ok.header("Allow-Events", event));
        return ok;
    }

    /** The client's Expires: the Contact parameter, else the header, else -1 (none given). */
    static int requestedExpires(SIPRequest request, ContactHeader contact) {
        if (contact != null && contact.getExpires() >= 0) {
            return contact.getExpires();
        }
        ExpiresHeader header = request.getExpires();
        return header == null ? -1 : header.getExpires();
    }

    /** The interval granted: the client's, raised to 60 s and capped at {@code max}; {@code max} when none was asked. */
    static int grant(int requested, int max) {
        if (requested < 0) {
            return max;
        }
        return Math.min(Math.max(requested, MIN_EXPIRES_SECONDS), max);
    }

    /** The binding's identity: {@code +sip.instance}, else the Contact URI. */
    static String instance(ContactHeader contact) {
        String instance = ((Contact) contact).getParameter("+sip.instance");
        return instance != null && !instance.isBlank() ? instance : contact.getAddress().getURI().toString();
    }

    private void watch(Channel channel) {
        if (channel.attr(WATCHED).setIfAbsent(Boolean.TRUE) == null) {
            channel.closeFuture().addListener(f -> registrations.connectionClosed(channel));
        }
    }
}
