package io.pchat.server.sip;

import java.nio.charset.StandardCharsets;

/**
 * The node's SDP for the IM session of a chat dialog: the shape real clients offer,
 * {@code m=message <port> sip null} with {@code a=accept-types:text/plain}. No media flows; the
 * SDP only has to be acceptable. The same body answers an offer and is the offer of a 200 to an
 * INVITE without SDP.
 *
 * <p>Invariant: the body is valid RFC 4566 SDP with CRLF line endings.
 */
final class SdpAnswer {

    private SdpAnswer() {
    }

    /** The SDP for a node reachable at {@code host} (an IP literal) and SIP {@code port}. */
    static byte[] forNode(String host, int port, long sessionVersion) {
        String addressType = host.indexOf(':') >= 0 ? "IP6" : "IP4";
        String sdp = "v=0\r\n"
                + "o=- " + sessionVersion + " " + sessionVersion + " IN " + addressType + " " + host + "\r\n"
                + "s=session\r\n"
                + "c=IN " + addressType + " " + host + "\r\n"
                + "t=0 0\r\n"
                + "m=message " + port + " sip null\r\n"
                + "a=accept-types:text/plain\r\n";
        return sdp.getBytes(StandardCharsets.US_ASCII);
    }
}
