package io.pchat.protocol.sip;

import gov.nist.javax.sip.message.SIPMessage;

import java.util.Objects;

/**
 * The outcome of {@link SipMessageParser}: a message that passed the strict checks, or the reason
 * it did not. Exactly one of the two; parsing never throws.
 */
public sealed interface SipParseResult permits SipParseResult.Parsed, SipParseResult.Invalid {

    /**
     * A message that has every mandatory header and a consistent CSeq. The message object is
     * JAIN-SIP's and therefore mutable; it belongs to whoever received this result.
     *
     * @param message the parsed request or response, body attached
     */
    record Parsed(SIPMessage message) implements SipParseResult {
        public Parsed {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Input that is not an acceptable SIP message; the session layer answers 400 when it can.
     *
     * @param problem human-readable reason naming the offending header or line
     */
    record Invalid(String problem) implements SipParseResult {
        public Invalid {
            Objects.requireNonNull(problem, "problem");
        }
    }
}
