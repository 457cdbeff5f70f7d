package io.pchat.server.sip;

/** How a node settles the identity of a client that INVITEs the chat service. */
public enum AuthMode {
    /** No check: the identity is the INVITE's From address. For loopback and trusted networks (SIPE). */
    NONE,
    /** SIP Digest (RFC 8760 SHA-256 and RFC 2617 MD5) against the user directory's HA1 hashes. */
    DIGEST,
    /** Only configured front-end peers may INVITE; the identity is their P-Asserted-Identity, else From. */
    TRUSTED
}
