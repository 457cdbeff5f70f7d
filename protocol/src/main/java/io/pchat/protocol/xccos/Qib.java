package io.pchat.protocol.xccos;

import java.time.Instant;

/**
 * {@code <qib ../>}: a search query, in one of two forms.
 * <ul>
 *   <li>{@code cmd:chansrch}: {@code <qib qtype="BYNAME" criteria="text" extended="false"/>}
 *       ({@code extended}: match descriptions too; empty criteria: every visible room);</li>
 *   <li>{@code cmd:chatsrch} (ours): {@code <qib chanUri=".." criteria="text" author="sip:.."
 *       from=".." to=".." limit="50"/>}.</li>
 * </ul>
 *
 * <p>Invariants: every attribute may be null (absent); {@code limit} is not negative; times are
 * within years 0000..9999 and cut to 100 ns.
 */
public record Qib(String qtype, String criteria, Boolean extended, String chanUri, String author,
        Instant from, Instant to, Integer limit) implements DataBlock {

    public static final String QTYPE_BYNAME = "BYNAME";

    public Qib {
        from = XccosTime.requireRepresentable("from", from);
        to = XccosTime.requireRepresentable("to", to);
        Numbers.requireNonNegative("limit", limit);
    }

    /** The room search by name. */
    public static Qib byName(String criteria, boolean extended) {
        return new Qib(QTYPE_BYNAME, criteria, extended, null, null, null, null, null);
    }

    /** The chat history search; any argument may be null. */
    public static Qib chatSearch(String chanUri, String criteria, String author, Instant from, Instant to,
            Integer limit) {
        return new Qib(null, criteria, null, chanUri, author, from, to, limit);
    }
}
