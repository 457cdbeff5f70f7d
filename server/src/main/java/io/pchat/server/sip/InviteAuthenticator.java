package io.pchat.server.sip;

import java.net.InetAddress;
import java.util.concurrent.CompletionStage;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * Settles who sent a dialog-creating INVITE. Implementations may complete on another thread
 * (a directory lookup); the caller hops back to its event loop.
 */
public interface InviteAuthenticator {

    /**
     * @param invite the INVITE, not modified
     * @param peer   the address of the TCP peer that sent it
     */
    CompletionStage<Authentication> authenticate(SIPRequest invite, InetAddress peer);
}
