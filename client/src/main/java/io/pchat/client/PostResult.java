package io.pchat.client;

import gov.nist.javax.sip.message.SIPResponse;

import javax.sip.header.RetryAfterHeader;
import java.time.Duration;
import java.util.Objects;

/**
 * The SIP answer to a posted message: 200 once the node stored it durably, else the refusal
 * (403 not allowed, 413 too long, 503 not stored: send it again after the Retry-After), or
 * {@value #OUTCOME_UNKNOWN} when the node could not learn whether it was stored (the node that
 * sequenced it stopped answering): look for it in the room's history before sending it again.
 *
 * <p>Invariants: {@code status} is a final SIP status (200..699); {@code reason} is not null;
 * {@code retryAfter} is zero unless the node sent a Retry-After.
 */
public record PostResult(int status, String reason, Duration retryAfter) {

    /** The status of a post that may or may not have been stored (504 Server Time-out). */
    public static final int OUTCOME_UNKNOWN = 504;

    public PostResult {
        if (status < 200 || status > 699) {
            throw new IllegalArgumentException("not a final SIP status: " + status);
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** Reads a response's status, reason phrase and Retry-After. */
    static PostResult of(SIPResponse response) {
        RetryAfterHeader retry = (RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME);
        return new PostResult(response.getStatusCode(),
                response.getReasonPhrase() == null ? "" : response.getReasonPhrase(),
                retry == null ? Duration.ZERO : Duration.ofSeconds(retry.getRetryAfter()));
    }

    /** Whether the message was stored. */
    public boolean isStored() {
        return status >= 200 && status < 300;
    }
}
