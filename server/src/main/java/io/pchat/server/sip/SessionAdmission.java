package io.pchat.server.sip;

import java.util.List;

/**
 * Whether this node takes a new chat session now (docs/sip.md: idle nodes do not):
 * asked for every dialog-creating INVITE to a served URI, before authentication. Must be cheap
 * and non-blocking (it runs on an event loop) and thread-safe.
 */
@FunctionalInterface
public interface SessionAdmission {

    /** A node that always takes sessions (a single node, or a pool's active node). */
    SessionAdmission ALWAYS = () -> Verdict.ADMIT;

    Verdict admit();

    /** The answer to a new INVITE. */
    sealed interface Verdict permits Admit, Redirect, Unavailable {
        Verdict ADMIT = new Admit();
    }

    /** Take the session. */
    record Admit() implements Verdict {
    }

    /** {@code 302 Moved Temporarily} with one Contact per active node ({@code sip:} URIs, best first). */
    record Redirect(List<String> contacts) implements Verdict {
        public Redirect {
            contacts = List.copyOf(contacts);
            if (contacts.isEmpty()) {
                throw new IllegalArgumentException("a redirect needs at least one contact");
            }
        }
    }

    /** {@code 503 Service Unavailable} with {@code Retry-After}: no active node is known. */
    record Unavailable(int retryAfterSeconds, String reason) implements Verdict {
    }
}
