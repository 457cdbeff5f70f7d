package io.pchat.server.sip;

import java.util.Locale;
import java.util.Optional;

import javax.sip.address.SipURI;
import javax.sip.address.URI;

/**
 * The canonical form of a user's SIP address: {@code sip:user@host}, lower-cased, without port,
 * parameters or headers. This is the form identities take everywhere in pchat.
 *
 * <p>Invariant: {@link #uri()} matches {@code sip:[^@]+@[^@]+} and has no upper-case letter.
 */
public record AddressOfRecord(String user, String host) {

    public AddressOfRecord {
        if (user == null || user.isEmpty() || host == null || host.isEmpty()) {
            throw new IllegalArgumentException("an address of record needs a user and a host");
        }
        user = user.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
    }

    /** The address of a {@code sip:}/{@code sips:} URI with a user part; empty for anything else. */
    public static Optional<AddressOfRecord> of(URI uri) {
        if (uri instanceof SipURI sip && sip.getUser() != null && !sip.getUser().isEmpty()
                && sip.getHost() != null && !sip.getHost().isEmpty()) {
            return Optional.of(new AddressOfRecord(sip.getUser(), sip.getHost()));
        }
        return Optional.empty();
    }

    /** Parses {@code user@host} or {@code sip:user@host[;params]}; empty when it is neither. */
    public static Optional<AddressOfRecord> parse(String text) {
        String t = text.strip();
        if (t.regionMatches(true, 0, "sip:", 0, 4)) {
            t = t.substring(4);
        }
        int end = t.length();
        for (char stop : new char[] {';', '?', '>'}) {
            int i = t.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        t = t.substring(0, end);
        int at = t.indexOf('@');
        if (at <= 0 || at == t.length() - 1 || t.indexOf('@', at + 1) >= 0) {
            return Optional.empty();
        }
        String host = t.substring(at + 1);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && !host.endsWith("]")) {
            host = host.substring(0, colon);
        }
        return Optional.of(new AddressOfRecord(t.substring(0, at), host));
    }

    /** {@code sip:user@host}. */
    public String uri() {
        return "sip:" + user + "@" + host;
    }

    @Override
    public String toString() {
        return uri();
    }
}
