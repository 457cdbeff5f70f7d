package io.pchat.protocol.xccos;

import java.util.Base64;
import java.util.Optional;

/**
 * {@code <pref label="L" seqid="V" createdefault="true" content="<base64>"/>}: a stored client
 * preference, versioned by {@code seqid}.
 *
 * <p>Invariants: {@code label} is present and not empty; {@code seqid} is not negative when
 * present; {@code content} is kept as the base64 text of the wire (see {@link #decodedContent()});
 * every attribute but {@code label} may be null.
 */
public record Pref(String label, Long seqid, Boolean createdefault, String content) implements DataBlock {

    public Pref {
        Texts.require("pref label", label);
        Numbers.requireNonNegative("seqid", seqid);
    }

    /** The content's bytes; empty if there is no content or it is not base64. */
    public Optional<byte[]> decodedContent() {
        if (content == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getMimeDecoder().decode(content));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A preference whose content is these bytes, base64-encoded. */
    public static Pref withContent(String label, long seqid, Boolean createdefault, byte[] content) {
        return new Pref(label, seqid, createdefault, Base64.getEncoder().encodeToString(content));
    }
}
