package io.pchat.client.pool;

import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.RoomUri;

/**
 * The node refused a post for good (403 not allowed, 413 too long, or another final refusal that
 * is not a 503): nothing was stored and the post is not retried.
 */
public final class PostRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient PostResult answer;

    public PostRefusedException(RoomUri room, PostResult answer) {
        super("post to " + room + " refused: " + answer.status() + " " + answer.reason());
        this.answer = answer;
    }

    /** The SIP status and reason. */
    public PostResult answer() {
        return answer;
    }
}
