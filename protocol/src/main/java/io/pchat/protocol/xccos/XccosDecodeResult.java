package io.pchat.protocol.xccos;

import java.util.Objects;

/**
 * What {@link XccosReader} made of a body: the envelope, or why there is none. Reading never
 * throws; every problem with the input ends here.
 */
public sealed interface XccosDecodeResult permits XccosDecodeResult.Decoded, XccosDecodeResult.Failed {

    /** The body was a valid envelope. */
    record Decoded(Envelope envelope) implements XccosDecodeResult {
        public Decoded {
            Objects.requireNonNull(envelope, "envelope");
        }
    }

    /**
     * The body was refused.
     *
     * @param kind    the class of problem; a SIP peer answers {@link Kind#LIMIT_EXCEEDED} with 413 and
     *                everything else with 400
     * @param problem what was wrong, for logs, naming the element or attribute; wire values in it
     *                are quoted short and printable
     */
    record Failed(Kind kind, String problem) implements XccosDecodeResult {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(problem, "problem");
        }
    }

    /** The classes of problem a body can have. */
    enum Kind {
        /** The bytes are not UTF-8. */
        NOT_UTF8,
        /** The text is not well-formed XML (or is empty). */
        MALFORMED_XML,
        /** The document has a DOCTYPE; DTDs and the entities they declare are never processed. */
        DOCTYPE_REFUSED,
        /** The root is not {@code xccos} in the XCCOS namespace (or in none). */
        NOT_XCCOS,
        /** A known element lacks a required attribute or has a value of the wrong syntax. */
        INVALID_VALUE,
        /** A size, depth or count limit of {@link XccosLimits} was exceeded. */
        LIMIT_EXCEEDED
    }
}
