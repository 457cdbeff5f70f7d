package io.pchat.protocol.xccos;

import java.util.List;
import java.util.Optional;

/**
 * {@code <chanib uri="ma-chan://.." ..>..</chanib>}: a room, in one of the forms of docs/xccos.md
 * section 5:
 * <ul>
 *   <li>reference ({@code cmd:part}, {@code cmd:bccontext}): the uri alone;</li>
 *   <li>join form ({@code rpl:join}, {@code rpl:bjoin}): name, description, topic and
 *       {@link Aib}s that refer to the reply's {@link Uib}s;</li>
 *   <li>summary form (search, associations, invitations, {@code ntc:roomchanged}): name,
 *       description, category, {@link Info}s and {@link Prop}s;</li>
 *   <li>{@code ntc:part}: the uri and the leaving {@link Uib};</li>
 *   <li>history ({@code rpl:bccontext}, {@code rpl:chatsrch}): the uri and {@link Msg}s, oldest
 *       first, and the {@link Gap}s (ours) among them: msgids that name no message.</li>
 * </ul>
 *
 * <p>Invariants: {@code uri} is present and not empty (it is kept as sent; {@link #roomUri()}
 * reads it); the other attributes may be null; the child lists are immutable, possibly empty,
 * and written in the order aib, uib, info, prop, msg, gap.
 */
public record Chanib(String uri, String name, String description, String topic, String category,
        List<Aib> aibs, List<Uib> uibs, List<Info> infos, List<Prop> props, List<Msg> msgs, List<Gap> gaps)
        implements DataBlock {

    public Chanib {
        Texts.require("chanib uri", uri);
        aibs = List.copyOf(aibs);
        uibs = List.copyOf(uibs);
        infos = List.copyOf(infos);
        props = List.copyOf(props);
        msgs = List.copyOf(msgs);
        gaps = List.copyOf(gaps);
    }

    /** The reference form, {@code <chanib uri=".."/>}. */
    public static Chanib of(String uri) {
        return new Chanib(uri, null, null, null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** The reference form, {@code <chanib uri=".."/>}. */
    public static Chanib of(RoomUri room) {
        return of(room.toString());
    }

    /** The join form. */
    public static Chanib joinForm(String uri, String name, String description, String topic, List<Aib> aibs) {
        return new Chanib(uri, name, description, topic, null, aibs, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** The summary form. */
    public static Chanib summaryForm(String uri, String name, String description, String category,
            List<Info> infos, List<Prop> props) {
        return new Chanib(uri, name, description, null, category, List.of(), List.of(), infos, props, List.of(), List.of());
    }

    /** The form of {@code ntc:part}: the room and the users who left it. */
    public static Chanib parted(String uri, List<Uib> uibs) {
        return new Chanib(uri, null, null, null, null, List.of(), uibs, List.of(), List.of(), List.of(), List.of());
    }

    /** The history form: the room and its messages, oldest first. */
    public static Chanib history(String uri, List<Msg> msgs) {
        return history(uri, msgs, List.of());
    }

    /** The history form with the gaps (msgids that name no message) among the messages. */
    public static Chanib history(String uri, List<Msg> msgs, List<Gap> gaps) {
        return new Chanib(uri, null, null, null, null, List.of(), List.of(), List.of(), List.of(), msgs, gaps);
    }

    /** The room this is, if {@code uri} is a room URI. */
    public Optional<RoomUri> roomUri() {
        return RoomUri.parse(uri);
    }

    /** The value of the first info with this id (compared case-insensitively). */
    public Optional<String> info(String id) {
        return infos.stream().filter(i -> i.id().equalsIgnoreCase(id)).map(Info::value).findFirst();
    }

    /** The value of the first prop with this id (compared case-insensitively). */
    public Optional<String> prop(String id) {
        return props.stream().filter(p -> p.id().equalsIgnoreCase(id)).map(Prop::value).findFirst();
    }
}
