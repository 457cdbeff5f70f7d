package io.pchat.client;

/**
 * The node refused the INFO that carried a command (400, 413, 481, 503...), so no reply will come.
 * A 503 carries the node's Retry-After; resending is the caller's decision.
 */
public final class InfoRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient PostResult answer;

    public InfoRefusedException(PostResult answer) {
        super("INFO refused: " + answer.status() + " " + answer.reason());
        this.answer = answer;
    }

    /** The SIP status and Retry-After of the refusal. */
    public PostResult answer() {
        return answer;
    }
}
