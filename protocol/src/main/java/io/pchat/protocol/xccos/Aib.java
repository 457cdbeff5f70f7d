package io.pchat.protocol.xccos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code <aib key="3984" domain="D" value=".."/>}: a permission entry. In the join form of a
 * {@link Chanib}, {@code value} lists the {@code id}s of the reply's {@link Uib}s
 * ({@code "0,1"}) holding the permission named by {@code key}; in {@code ntc:join} it carries
 * the room id inside the joiner's {@link Uib}.
 *
 * <p>Invariants: {@code key} is present and not empty; {@code domain} and {@code value} may be
 * null.
 */
public record Aib(String key, String domain, String value) implements DataBlock {

    /** The key listing a room's ordinary participants (a permission mask real clients know). */
    public static final String KEY_PARTICIPANTS = "3984";
    /** The key listing a room's managers. */
    public static final String KEY_MANAGERS = "12276";

    public Aib {
        Texts.require("aib key", key);
    }

    /** An aib of the join form: {@code key} held by the uibs with these ids. */
    public static Aib members(String key, List<String> uibIds) {
        return new Aib(key, null, String.join(",", uibIds));
    }

    /** The entries of a comma-separated {@code value}, trimmed, empty ones dropped. */
    public List<String> values() {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String v : value.split(",")) {
            if (!v.isBlank()) {
                out.add(v.strip());
            }
        }
        return Collections.unmodifiableList(out);
    }
}
