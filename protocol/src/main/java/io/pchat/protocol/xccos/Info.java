package io.pchat.protocol.xccos;

import java.util.Objects;

/**
 * {@code <info id="urn:parlano:ma:info:ucnt">5</info>}: a read-only fact about a room in the
 * summary form of a {@link Chanib}.
 *
 * <p>Invariants: {@code id} is present and not empty; {@code value} (the element text) is not
 * null.
 */
public record Info(String id, String value) implements DataBlock {

    /** The number of users in the room. */
    public static final String UCNT = "urn:parlano:ma:info:ucnt";
    /** The room's privacy: {@code private} (secret), {@code scope} (closed) or {@code public} (open). Misspelt on the wire. */
    public static final String VISIBILITY = "urn:parlano:ma:info:visibilty";

    public static final String VISIBILITY_PRIVATE = "private";
    public static final String VISIBILITY_SCOPE = "scope";
    public static final String VISIBILITY_PUBLIC = "public";

    public Info {
        Texts.require("info id", id);
        Objects.requireNonNull(value, "value");
    }

    public static Info userCount(long count) {
        return new Info(UCNT, Long.toString(count));
    }

    public static Info visibility(String visibility) {
        return new Info(VISIBILITY, visibility);
    }
}
