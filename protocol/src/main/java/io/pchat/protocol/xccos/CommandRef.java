package io.pchat.protocol.xccos;

/**
 * {@code <commandid seqid="S" envid="E"/>} in a reply: the command's {@code seqid} and the
 * {@code envid} of the envelope that carried it, the pair that correlates reply and command.
 *
 * <p>Invariants: {@code seqid} is not negative; {@code envid} is unsigned 64-bit, as in
 * {@link Envelope}.
 */
public record CommandRef(long seqid, long envid) {

    public CommandRef {
        Numbers.requireNonNegative("seqid", seqid);
    }

    @Override
    public String toString() {
        return "CommandRef[seqid=" + seqid + ", envid=" + Long.toUnsignedString(envid) + "]";
    }
}
