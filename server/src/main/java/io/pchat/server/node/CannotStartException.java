package io.pchat.server.node;

/** A node that cannot start for a reason the operator can fix, said in the operator's words (the message is the whole story). */
public final class CannotStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CannotStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
