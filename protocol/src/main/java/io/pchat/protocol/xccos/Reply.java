package io.pchat.protocol.xccos;

import java.util.List;
import java.util.Objects;

/**
 * {@code <rpl id="rpl:NAME" seqid="1"><commandid seqid="S" envid="E"/><resp code="200">SUCCESS_OK</resp><data>..</data></rpl>}:
 * the node's answer to one command.
 *
 * <p>Invariants: {@code name} is the bare reply name in lower case, and {@code getservinfo} is
 * stored as {@code getserverinfo} ({@link CommandNames#canonicalReplyName}); {@code seqid} is
 * the node's and not negative; {@code commandId} and {@code resp} are present; {@code data} is
 * immutable, possibly empty.
 */
public record Reply(String name, long seqid, CommandRef commandId, Resp resp, List<DataBlock> data)
        implements EnvelopeItem {

    public Reply {
        name = CommandNames.canonicalReplyName(CommandNames.requireName("reply", name));
        Numbers.requireNonNegative("seqid", seqid);
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(resp, "resp");
        data = List.copyOf(data);
    }

    /**
     * The reply to {@code command}, which came in the envelope {@code commandEnvid}: named by the
     * reply-name rule and correlated by the command's seqid and envid.
     */
    public static Reply to(Command command, long commandEnvid, long seqid, Resp resp,
            List<? extends DataBlock> data) {
        return new Reply(command.replyName(), seqid, new CommandRef(command.seqid(), commandEnvid), resp,
                List.copyOf(data));
    }

    /** Whether this reply has that name (case-insensitive, either getserverinfo spelling). */
    public boolean is(String replyName) {
        return name.equals(CommandNames.canonicalReplyName(replyName));
    }
}
