package io.pchat.protocol.xccos;

import java.util.Optional;

/**
 * {@code <chanid key="0" domain="example.com" value="<room id>"/>}: a room given split, as
 * {@code cmd:join} and {@code cmd:bjoin} name them.
 *
 * <p>Invariants: {@code domain} and {@code value} are present and not empty; {@code key}, the
 * client's index for matching results, may be null.
 */
public record Chanid(String key, String domain, String value) implements DataBlock {

    public Chanid {
        Texts.require("chanid domain", domain);
        Texts.require("chanid value", value);
    }

    /** The room this names, if domain and id make a valid room URI. */
    public Optional<RoomUri> roomUri() {
        return UriSyntax.isPart(domain) && UriSyntax.isPart(value)
                ? Optional.of(new RoomUri(domain, value)) : Optional.empty();
    }
}
