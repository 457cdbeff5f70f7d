package io.pchat.client;

import java.util.List;

/**
 * The outcome of {@code cmd:bjoin}: the rooms joined, and the rooms that failed (from the
 * reply's {@code fib OPERATION_FAILED} entries, as {@code ma-chan://} URIs).
 *
 * <p>Invariant: both lists are immutable.
 */
public record BatchJoin(List<JoinedRoom> joined, List<String> failed) {

    public BatchJoin {
        joined = List.copyOf(joined);
        failed = List.copyOf(failed);
    }
}
