package io.pchat.server.sip;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * Handles the requests of one SIP method on a connection. Called on the connection's event loop
 * with a parsed, strictly valid request; must answer it (except ACK) now or later, on that loop,
 * and must not block.
 */
@FunctionalInterface
interface RequestHandler {

    void handle(SipConnection connection, SIPRequest request);
}
