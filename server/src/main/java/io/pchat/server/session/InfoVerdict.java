package io.pchat.server.session;

/**
 * How the session layer answers a client INFO: 200 when the envelope was taken, or a refusal
 * (400, 403, 413, 503 with {@code Retry-After}). The XCCOS answer to a command always comes later in
 * a node INFO; a refused {@code grpchat} is answered only by the status.
 *
 * @param status            the SIP status code
 * @param reason            the SIP reason phrase
 * @param retryAfterSeconds seconds for {@code Retry-After}, or 0 for none
 */
public record InfoVerdict(int status, String reason, int retryAfterSeconds) {

    public static final InfoVerdict OK = new InfoVerdict(200, "OK", 0);

    public static InfoVerdict forbidden(String reason) {
        return new InfoVerdict(403, reason, 0);
    }

    public static InfoVerdict badRequest(String reason) {
        return new InfoVerdict(400, reason, 0);
    }

    public static InfoVerdict tooLarge(String reason) {
        return new InfoVerdict(413, reason, 0);
    }

    public static InfoVerdict unavailable(int retryAfterSeconds) {
        return new InfoVerdict(503, "Service Unavailable", retryAfterSeconds);
    }

    public InfoVerdict {
        if (status < 200 || status > 699) {
            throw new IllegalArgumentException("not a final SIP status: " + status);
        }
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
    }
}
