package io.pchat.protocol.xccos;

/**
 * {@code <fib key="OPERATION_FAILED" domain="D" value="<room id>"/>}: a failure entry; in
 * {@code rpl:bjoin}, one per room that could not be joined.
 *
 * <p>Invariants: {@code key} is present and not empty; {@code domain} and {@code value} may be
 * null.
 */
public record Fib(String key, String domain, String value) implements DataBlock {

    public static final String KEY_OPERATION_FAILED = "OPERATION_FAILED";

    public Fib {
        Texts.require("fib key", key);
    }

    /** The entry for a room a bjoin could not join. */
    public static Fib operationFailed(RoomUri room) {
        return new Fib(KEY_OPERATION_FAILED, room.domain(), room.id());
    }
}
