package io.pchat.protocol.xccos;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code <resp code="200">SUCCESS_OK</resp>}: the outcome of a command, or of a notice.
 *
 * <p>Invariants: {@code code} has three digits (100..999); {@code text} is not null. Codes and
 * texts outside {@link ResultCode} are kept as read, so that a client sees what a server sent.
 */
public record Resp(int code, String text) {

    public static final Resp OK = ResultCode.SUCCESS_OK.resp();

    public Resp {
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("resp code must have three digits: " + code);
        }
        Objects.requireNonNull(text, "text");
    }

    public boolean isSuccess() {
        return code == 200;
    }

    /** The known result code this is, if any. */
    public Optional<ResultCode> resultCode() {
        return ResultCode.of(code, text);
    }
}
