package io.pchat.protocol.link;

import java.util.Objects;

/**
 * Type 3: the room owner's answer to a {@link ForwardPost}.
 *
 * <p>Invariants: {@code status} and {@code reason} are not null ({@code ""} when there is no
 * reason); {@code msgid} is at least 1 when {@code status} is {@link PostStatus#OK} and 0
 * otherwise, so a msgid is never read from a failed post.
 *
 * @param requestId the {@link ForwardPost#requestId()} answered
 * @param status the outcome
 * @param msgid the stored message's id if OK, else 0
 * @param reason why the post failed, for the poster and the logs; {@code ""} when none
 */
public record PostResult(long requestId, PostStatus status, long msgid, String reason) implements LinkFrame {

    public PostResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        if (status == PostStatus.OK && msgid < 1) {
            throw new IllegalArgumentException("msgid must be at least 1 when the status is OK, was " + msgid);
        }
        if (status != PostStatus.OK && msgid != 0) {
            throw new IllegalArgumentException("msgid must be 0 when the status is " + status + ", was " + msgid);
        }
    }

    /** A post stored as message {@code msgid}. */
    public static PostResult ok(long requestId, long msgid) {
        return new PostResult(requestId, PostStatus.OK, msgid, "");
    }

    /** A post that was not stored. */
    public static PostResult failed(long requestId, PostStatus status, String reason) {
        return new PostResult(requestId, status, 0, reason);
    }
}
