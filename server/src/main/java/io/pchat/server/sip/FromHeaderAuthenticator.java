package io.pchat.server.sip;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * {@link AuthMode#NONE}: the identity is the INVITE's From address, believed as it is. Only for
 * loopback or a trusted network; the SIPE client needs it because it cannot do Digest.
 */
final class FromHeaderAuthenticator implements InviteAuthenticator {

    @Override
    public CompletionStage<Authentication> authenticate(SIPRequest invite, InetAddress peer) {
        return CompletableFuture.completedFuture(fromHeader(invite));
    }

    /** The From address as an identity, or 403 when it has no user part. */
    static Authentication fromHeader(SIPRequest request) {
        return AddressOfRecord.of(request.getFrom().getAddress().getURI())
                .<Authentication>map(Authentication.Identified::new)
                .orElseGet(() -> new Authentication.Refused(403, "From is not a sip:user@host address"));
    }
}
