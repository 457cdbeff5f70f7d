package io.pchat.protocol.xccos;

import java.util.Optional;

/**
 * {@code <catib uri="ma-cat://.." name=".."/>} (ours): a category in which the user may create
 * rooms, the answer to {@code cmd:nodespermcreatechild}.
 *
 * <p>Invariants: {@code uri} is present and not empty; {@code name} may be null.
 */
public record Catib(String uri, String name) implements DataBlock {

    public Catib {
        Texts.require("catib uri", uri);
    }

    /** The category this is, if {@code uri} is a category URI. */
    public Optional<CategoryUri> categoryUri() {
        return CategoryUri.parse(uri);
    }
}
