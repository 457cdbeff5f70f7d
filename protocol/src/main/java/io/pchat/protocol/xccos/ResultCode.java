package io.pchat.protocol.xccos;

import java.util.Optional;

/**
 * The result codes a {@code <resp code="..">TEXT</resp>} carries (docs/xccos.md). 200
 * {@code SUCCESS_OK} is the only one seen from real servers; the others are pchat's, HTTP-like.
 * The text of each constant is its name; 409 has two texts, hence two constants.
 */
public enum ResultCode {
    SUCCESS_OK(200),
    INVALID_ARGUMENT(400),
    ERROR_PERMISSION(403),
    /** The room or category does not exist. */
    NO_SUCH_NODE(404),
    DUPLICATE_ROOM_NAME(409),
    DATA_COLLISION(409),
    NODE_DISABLED(410),
    USER_NOT_JOINED(412),
    LIMIT_EXCEEDED(413),
    SERVER_ERROR(500),
    /** The answer to a command the node does not know. */
    MSG_NOT_SUPPORTED(501),
    DATABASE_CONNECTION(503);

    private final int code;

    ResultCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The text written as the content of {@code <resp>}. */
    public String text() {
        return name();
    }

    public Resp resp() {
        return new Resp(code, name());
    }

    /**
     * The constant with this code and text (text compared case-insensitively); for a code with a
     * single constant the text is not needed to decide and is ignored.
     */
    public static Optional<ResultCode> of(int code, String text) {
        ResultCode onlyByCode = null;
        int withCode = 0;
        for (ResultCode c : values()) {
            if (c.code == code) {
                if (c.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return Optional.of(c);
                }
                onlyByCode = c;
                withCode++;
            }
        }
        return withCode == 1 ? Optional.of(onlyByCode) : Optional.empty();
    }
}
