package io.pchat.server.sip;

import java.util.Locale;

/**
 * Whether a node also plays the Lync front end for its clients (registrar, provisioning) or sits
 * behind a real one.
 *
 * <p>A standalone pool has no front end, and clients of the Lync family (SIPE) REGISTER and
 * SUBSCRIBE before they INVITE the chat service: {@link #BUILTIN} answers those. Behind a real
 * front end, which is the registrar and routes only the chat dialogs to the pool over a trusted
 * link, a REGISTER or SUBSCRIBE reaching the node is a routing mistake: {@link #EXTERNAL} leaves
 * both methods out of the method table, so they get 405 with an {@code Allow} that does not list
 * them (see docs/sipe.md).
 */
public enum FrontEndMode {
    /** The node answers REGISTER and SUBSCRIBE itself (standalone default). */
    BUILTIN,
    /** A real front end is the registrar; REGISTER and SUBSCRIBE get 405. */
    EXTERNAL;

    /** {@code builtin} or {@code external}, any case. */
    public static FrontEndMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("frontEnd must be 'builtin' or 'external': " + text);
        }
    }
}
