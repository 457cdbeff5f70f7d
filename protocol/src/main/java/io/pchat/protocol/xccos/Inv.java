package io.pchat.protocol.xccos;

import java.time.Instant;
import java.util.List;

/**
 * {@code <inv inviteId="N" domain="D" ts=".."><chanib ../></inv>}: in {@code cmd:getinv} the
 * question "invitations newer than N"; in {@code rpl:getinv} and {@code ntc:inv} one invitation,
 * with the room in summary form.
 *
 * <p>Invariants: every attribute may be null (absent); {@code inviteId} is kept as the opaque
 * token it is on the wire; {@code ts} is within years 0000..9999 and cut to 100 ns;
 * {@code chanibs} is immutable, possibly empty.
 */
public record Inv(String inviteId, String domain, Instant ts, List<Chanib> chanibs) implements DataBlock {

    public Inv {
        ts = XccosTime.requireRepresentable("ts", ts);
        chanibs = List.copyOf(chanibs);
    }

    /** The request form, {@code <inv inviteId="N" domain="D"/>}. */
    public static Inv request(String inviteId, String domain) {
        return new Inv(inviteId, domain, null, List.of());
    }

    /** One invitation. */
    public static Inv invitation(String inviteId, Instant ts, Chanib room) {
        return new Inv(inviteId, null, ts, List.of(room));
    }
}
