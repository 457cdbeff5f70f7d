package io.pchat.protocol.xccos;

import java.util.List;

/**
 * {@code <cmd id="cmd:NAME" seqid="1"><data>..</data></cmd>}: a client's command.
 *
 * <p>Invariants: {@code name} is the bare command name in lower case (see
 * {@link CommandNames}), without the {@code cmd:} prefix; {@code seqid} is not negative;
 * {@code data} is immutable, possibly empty.
 */
public record Command(String name, long seqid, List<DataBlock> data) implements EnvelopeItem {

    public Command {
        name = CommandNames.requireName("command", name);
        Numbers.requireNonNegative("seqid", seqid);
        data = List.copyOf(data);
    }

    public static Command of(String name, long seqid, DataBlock... data) {
        return new Command(name, seqid, List.of(data));
    }

    /** Whether this is the command of that name (case-insensitive). */
    public boolean is(String commandName) {
        return name.equalsIgnoreCase(commandName);
    }

    /** The name of this command's reply ({@link CommandNames#replyName}). */
    public String replyName() {
        return CommandNames.replyName(name);
    }
}
