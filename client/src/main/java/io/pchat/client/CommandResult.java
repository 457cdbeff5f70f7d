package io.pchat.client;

import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.Resp;

import java.util.Objects;
import java.util.function.Function;

/**
 * A node's answer to one command: its result code and, read from the reply's data, the value the
 * command asked for. A refusal (403, 404...) is a normal result, not an exception, so callers can
 * assert on the code.
 *
 * <p>Invariants: {@code resp} and {@code reply} are present; {@code value} is what the typed
 * reader made of the reply's data, which for a refusal is usually empty (an empty list, an empty
 * Optional) and never null.
 *
 * @param <T> the typed value
 */
public record CommandResult<T>(Resp resp, T value, Reply reply) {

    public CommandResult {
        Objects.requireNonNull(resp, "resp");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reply, "reply");
    }

    /** Reads {@code reply} with {@code reader}. */
    static <T> CommandResult<T> of(Reply reply, Function<Reply, T> reader) {
        return new CommandResult<>(reply.resp(), reader.apply(reply), reply);
    }

    /** The three-digit result code. */
    public int code() {
        return resp.code();
    }

    /** Whether the code is 200. */
    public boolean isOk() {
        return resp.isSuccess();
    }

    @Override
    public String toString() {
        return "CommandResult[" + resp.code() + " " + resp.text() + ", " + value + "]";
    }
}
