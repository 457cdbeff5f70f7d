package io.pchat.server.sip;

import io.netty.util.concurrent.Ticker;
import io.pchat.protocol.sip.SipMessageParser;
import io.pchat.protocol.xccos.XccosReader;
import io.pchat.protocol.xccos.XccosWriter;
import io.pchat.server.session.XccosService;

/**
 * What every connection of one listener shares: settings, the service the envelopes go to, the
 * URIs served, the authenticator, the node-wide dialog registry, the method table, the clock and
 * the stateless codecs, the built-in front end's registrations and the node-wide outbound budget.
 *
 * <p>Invariant: every component is thread-safe or stateless; nothing here is per connection.
 */
record SipContext(SessionSettings settings, XccosService service, ServiceUris serviceUris,
                  InviteAuthenticator authenticator, Dialogs dialogs, RequestHandlers handlers, Ticker ticker,
                  SipMessageParser parser, XccosReader xccosReader, XccosWriter xccosWriter,
                  SessionAdmission admission, Registrations registrations, OutboundBudget outbound) {
}
