package io.pchat.protocol.xccos;

import java.util.Objects;

/**
 * {@code <prop id="urn:parlano:ma:prop:filepost">false</prop>}: a room setting in the summary
 * form of a {@link Chanib}.
 *
 * <p>Invariants: {@code id} is present and not empty; {@code value} (the element text) is not
 * null.
 */
public record Prop(String id, String value) implements DataBlock {

    /** Whether files may be posted. */
    public static final String FILEPOST = "urn:parlano:ma:prop:filepost";
    /** Whether invitations are sent. */
    public static final String INVITE = "urn:parlano:ma:prop:invite";
    /** Whether chat history is kept. */
    public static final String LOGGED = "urn:parlano:ma:prop:logged";

    public Prop {
        Texts.require("prop id", id);
        Objects.requireNonNull(value, "value");
    }

    public static Prop of(String id, boolean value) {
        return new Prop(id, Boolean.toString(value));
    }

    /** Whether the value is {@code true} (case-insensitive); anything else is false. */
    public boolean isTrue() {
        return value.strip().equalsIgnoreCase("true");
    }
}
