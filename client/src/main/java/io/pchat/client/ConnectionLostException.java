package io.pchat.client;

/**
 * The dialog ended (connection lost, BYE from the node, or the client closed) while something was
 * still waiting for an answer.
 */
public final class ConnectionLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String reason) {
        super(reason);
    }
}
