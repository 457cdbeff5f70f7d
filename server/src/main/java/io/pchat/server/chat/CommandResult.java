package io.pchat.server.chat;

import java.util.List;
import java.util.Objects;

import io.pchat.protocol.xccos.DataBlock;
import io.pchat.protocol.xccos.Resp;
import io.pchat.protocol.xccos.ResultCode;

/**
 * What a command handler answers: the reply's {@code resp} and {@code data}; {@link ChatService}
 * wraps it in the {@code rpl} with the command's correlation.
 *
 * <p>Invariant: immutable; a failure has no data.
 */
public record CommandResult(Resp resp, List<DataBlock> data) {

    public CommandResult {
        Objects.requireNonNull(resp, "resp");
        data = List.copyOf(data);
    }

    public static CommandResult ok(List<? extends DataBlock> data) {
        return new CommandResult(Resp.OK, List.copyOf(data));
    }

    public static CommandResult ok(DataBlock... data) {
        return new CommandResult(Resp.OK, List.of(data));
    }

    public static CommandResult failed(ResultCode code) {
        return new CommandResult(code.resp(), List.of());
    }
}
