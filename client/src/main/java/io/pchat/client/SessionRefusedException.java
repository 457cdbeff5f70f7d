package io.pchat.client;

/**
 * The node answered the INVITE with a final failure (403, 404, 503...), or a 401 the client could
 * not answer, or redirected more often than allowed. The status is the SIP one.
 */
public final class SessionRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public SessionRefusedException(int status, String message) {
        super(status + " " + message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
