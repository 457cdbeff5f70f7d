package io.pchat.server.sip;

import java.net.InetAddress;
import java.util.ListIterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.sip.header.Header;
import javax.sip.header.HeaderAddress;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * {@link AuthMode#TRUSTED}: only configured front-end peers may create dialogs, and the identity
 * they assert is believed: the first {@code sip:} {@code P-Asserted-Identity}, else From. Every
 * other peer is refused with 403.
 */
final class TrustedPeerAuthenticator implements InviteAuthenticator {

    private final Set<InetAddress> trustedPeers;

    TrustedPeerAuthenticator(Set<InetAddress> trustedPeers) {
        this.trustedPeers = Set.copyOf(trustedPeers);
    }

    @Override
    public CompletionStage<Authentication> authenticate(SIPRequest invite, InetAddress peer) {
        if (!trustedPeers.contains(peer)) {
            return CompletableFuture.completedFuture(new Authentication.Refused(403, "Not A Trusted Peer"));
        }
        ListIterator<?> asserted = invite.getHeaders("P-Asserted-Identity");
        while (asserted != null && asserted.hasNext()) {
            Header header = (Header) asserted.next();
            if (header instanceof HeaderAddress address) {
                var identity = AddressOfRecord.of(address.getAddress().getURI());
                if (identity.isPresent()) {
                    return CompletableFuture.completedFuture(new Authentication.Identified(identity.get()));
                }
            }
        }
        return CompletableFuture.completedFuture(FromHeaderAuthenticator.fromHeader(invite));
    }
}
