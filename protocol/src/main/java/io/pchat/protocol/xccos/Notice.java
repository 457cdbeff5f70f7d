package io.pchat.protocol.xccos;

import java.util.List;
import java.util.Objects;

/**
 * {@code <ntc id="ntc:NAME" seqid="1"><resp code="200">SUCCESS_OK</resp><data>..</data></ntc>}:
 * an unsolicited notice from the node, shaped like a {@link Reply} without {@code commandid}.
 *
 * <p>Invariants: {@code name} is the bare notice name in lower case (see {@link NoticeNames});
 * {@code seqid} is not negative; {@code resp} is present; {@code data} is immutable.
 */
public record Notice(String name, long seqid, Resp resp, List<DataBlock> data) implements EnvelopeItem {

    public Notice {
        name = CommandNames.requireName("notice", name);
        Numbers.requireNonNegative("seqid", seqid);
        Objects.requireNonNull(resp, "resp");
        data = List.copyOf(data);
    }

    /** A successful notice. */
    public static Notice of(String name, long seqid, DataBlock... data) {
        return new Notice(name, seqid, Resp.OK, List.of(data));
    }

    /** Whether this notice has that name (case-insensitive). */
    public boolean is(String noticeName) {
        return name.equalsIgnoreCase(noticeName);
    }
}
