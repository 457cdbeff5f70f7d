package io.pchat.server.chat;

import io.pchat.protocol.xccos.ResultCode;

/**
 * A command cannot be carried out for a reason the client is told as a result code (400 bad
 * argument, 403, 404, 409, 410, 412, 413). Thrown by handlers, also from storage threads; the
 * reply carries {@link #code()} and no data. No stack trace: it is an answer, not a bug.
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ResultCode code;

    public CommandFailure(ResultCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ResultCode code() {
        return code;
    }

    public static CommandFailure badArgument(String message) {
        return new CommandFailure(ResultCode.INVALID_ARGUMENT, message);
    }

    public static CommandFailure noSuchRoom(String uri) {
        return new CommandFailure(ResultCode.NO_SUCH_NODE, "no such room: " + uri);
    }

    public static CommandFailure forbidden(String message) {
        return new CommandFailure(ResultCode.ERROR_PERMISSION, message);
    }
}
