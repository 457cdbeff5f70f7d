package io.pchat.server.sip;

import java.util.List;
import java.util.Optional;

import javax.sip.address.URI;

/**
 * The URIs a node answers INVITEs for: the pool URI, the legacy {@code ocschat} lookup URI and
 * the node's own URI. A request URI matches one of them when user and host are equal, ignoring
 * case, port and parameters.
 *
 * <p>Invariant: {@link #nodeUri()} is the exact URI the node puts in its Contact; the list of
 * served addresses never changes after construction.
 */
public final class ServiceUris {

    private final String nodeUri;
    private final List<AddressOfRecord> served;

    public ServiceUris(String poolUri, String legacyUri, String nodeUri) {
        this.nodeUri = nodeUri;
        this.served = List.of(required(poolUri), required(legacyUri), required(nodeUri));
    }

    /** The node's own URI, used as Contact. */
    public String nodeUri() {
        return nodeUri;
    }

    /** Whether {@code requestUri} names this chat service. */
    public boolean serves(URI requestUri) {
        Optional<AddressOfRecord> address = AddressOfRecord.of(requestUri);
        return address.isPresent() && served.contains(address.get());
    }

    private static AddressOfRecord required(String uri) {
        return AddressOfRecord.parse(uri).orElseThrow(() -> new IllegalArgumentException("not a sip:user@host URI: " + uri));
    }

    @Override
    public String toString() {
        return "ServiceUris" + served;
    }
}
