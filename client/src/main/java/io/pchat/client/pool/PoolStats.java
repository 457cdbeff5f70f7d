package io.pchat.client.pool;

/**
 * Counters of a {@link PoolClient} since it opened, read at one moment (each counter is exact;
 * the set is not one atomic snapshot).
 *
 * @param reconnects        sessions established after a loss (the first session is not counted)
 * @param delivered         messages handed to the listeners
 * @param duplicatesDropped live messages dropped because their msgid had been delivered or held
 * @param filledFromHistory messages delivered from history: gaps filled and catch-up after a reconnect
 * @param lost              messages skipped because the history could not give them ({@link PoolListener#onGap})
 * @param postsRetried      posts sent again: after a 503, or after a lost connection when the
 *                          caught-up history did not contain them
 * @param postsRecovered    posts whose verdict was lost with the connection and that were found
 *                          in the caught-up history, so not sent again
 */
public record PoolStats(long reconnects, long delivered, long duplicatesDropped, long filledFromHistory, long lost,
        long postsRetried, long postsRecovered) {
}
