package io.pchat.protocol.xccos;

import java.util.List;

/**
 * {@code <uib id="i" uri="sip:user@domain">..</uib>}: a user. In a join reply {@code id} is the
 * index the {@link Aib}s of the room forms refer to; in {@code ntc:join} the uib carries an
 * {@link Aib} with the room id.
 *
 * <p>Invariants: {@code uri} is present and not empty; {@code id} may be null; {@code aibs} is
 * immutable, possibly empty.
 */
public record Uib(String id, String uri, List<Aib> aibs) implements DataBlock {

    public Uib {
        Texts.require("uib uri", uri);
        aibs = List.copyOf(aibs);
    }

    /** {@code <uib uri=".."/>}. */
    public static Uib of(String uri) {
        return new Uib(null, uri, List.of());
    }

    /** {@code <uib id=".." uri=".."/>}, as a join reply lists participants. */
    public static Uib indexed(String id, String uri) {
        return new Uib(id, uri, List.of());
    }

    /** The joiner of {@code ntc:join}: {@code <uib uri=".."><aib key="3984" domain="D" value="<room id>"/></uib>}. */
    public static Uib joined(String uri, RoomUri room) {
        return new Uib(null, uri, List.of(new Aib(Aib.KEY_PARTICIPANTS, room.domain(), room.id())));
    }
}
