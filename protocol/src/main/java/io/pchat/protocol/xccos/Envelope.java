package io.pchat.protocol.xccos;

import java.util.List;
import java.util.Objects;

/**
 * The {@code <xccos ver="1" envid="..">} root of every XCCOS body.
 *
 * <p>Invariants: {@code ver} is positive; {@code envid} is an unsigned 64-bit value (a Java
 * {@code long} read with {@link Long#toUnsignedString(long)}), so every one of its 2^64 values
 * is representable and none other; {@code items} is an immutable list in wire order, possibly
 * empty.
 */
public record Envelope(int ver, long envid, List<EnvelopeItem> items) {

    /** The default namespace of the root element. */
    public static final String NAMESPACE = "urn:parlano:xml:ns:xccos";

    /** The only version the protocol has. */
    public static final int VERSION = 1;

    public Envelope {
        if (ver <= 0) {
            throw new IllegalArgumentException("ver must be positive: " + ver);
        }
        items = List.copyOf(items);
    }

    /** An envelope of the current version. */
    public static Envelope of(long envid, List<? extends EnvelopeItem> items) {
        return new Envelope(VERSION, envid, List.copyOf(items));
    }

    /** An envelope of the current version. */
    public static Envelope of(long envid, EnvelopeItem... items) {
        return new Envelope(VERSION, envid, List.of(items));
    }

    /** {@code envid} as it is written on the wire: unsigned decimal. */
    public String envidText() {
        return Long.toUnsignedString(envid);
    }

    /**
     * Parses an envid as the wire carries it: 1 to 20 decimal digits, at most 18446744073709551615.
     *
     * @throws IllegalArgumentException if {@code text} is not such a number
     */
    public static long parseEnvid(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.length() > 20 || !Numbers.allAsciiDigits(text)) {
            throw new IllegalArgumentException("envid must be 1 to 20 decimal digits");
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("envid exceeds 18446744073709551615");
        }
    }

    @Override
    public String toString() {
        return "Envelope[ver=" + ver + ", envid=" + envidText() + ", items=" + items + "]";
    }
}
