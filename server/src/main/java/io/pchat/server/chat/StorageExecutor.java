package io.pchat.server.chat;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads on which the command layer runs blocking storage calls (JDBC), so that no event
 * loop ever waits for a database. A few named daemon threads and a bounded queue: when the queue
 * is full, work is refused at once ({@link StorageBusyException}, answered 503) rather than
 * piling up behind a slow database.
 *
 * <p>Invariant: every future returned completes, normally or exceptionally, on a storage thread
 * or at once on the caller's thread when refused; callers hop back to their event loop.
 */
public final class StorageExecutor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StorageExecutor.class);

    private final ThreadPoolExecutor pool;
    private final int capacity;

    public StorageExecutor(int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("threads and queueCapacity must be positive");
        }
        this.capacity = queueCapacity;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "pchat-storage-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code work} on a storage thread; the future fails with {@link StorageBusyException} when full. */
    /** Work waiting for a thread (metrics, tests). */
    public int queued() {
        return pool.getQueue().size();
    }

    public <T> CompletableFuture<T> call(Callable<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    future.complete(work.call());
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new StorageBusyException(capacity));
        }
        return future;
    }

    /** Runs {@code work} on a storage thread, logging (not reporting) a failure or a refusal. */
    public void execute(String what, Runnable work) {
        call(() -> {
            work.run();
            return null;
        }).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("{} failed: {}", what, e.toString());
            }
        });
    }

    /**
     * The same threads as a plain {@link java.util.concurrent.Executor}, for parts that take one
     * (file endpoint, digest lookups): a full queue throws {@link java.util.concurrent.RejectedExecutionException},
     * which those parts answer as "busy".
     */
    public Executor executor() {
        return pool;
    }

    /** Stops taking work and waits briefly for what is running. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
