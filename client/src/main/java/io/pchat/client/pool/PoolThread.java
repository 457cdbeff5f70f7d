package io.pchat.client.pool;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread a {@link PoolClient}'s state lives on ({@code pchat-pool-N}): runs and schedules
 * its tasks, logging what a task throws (an executor would keep it silently in a future), and
 * refuses them once shut down. Invariant: every task runs on the same thread, one at a time.
 */
final class PoolThread {
    private static final Logger log = LoggerFactory.getLogger(PoolClient.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    PoolThread() {
        int n = THREADS.incrementAndGet();
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pchat-pool-" + n);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Whether the caller is this thread (a listener, or a task). */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} here; false when shut down. */
    boolean execute(Runnable task) {
        try {
            executor.execute(guard(task));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    ScheduledFuture<?> schedule(Runnable task, Duration wait) {
        return executor.schedule(guard(task), wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    ScheduledFuture<?> every(Runnable task, Duration period) {
        return executor.scheduleWithFixedDelay(guard(task), period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} here and waits for it, at most {@code wait}. */
    <T> T call(Callable<T> task, Duration wait) throws InterruptedException, ExecutionException, TimeoutException {
        return executor.submit(task).get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes no more tasks; scheduled ones are dropped. */
    void shutdown() {
        executor.shutdown();
    }

    /** Waits, at most {@code wait}, for the task running now to end. */
    void awaitTermination(Duration wait) {
        try {
            executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("pool client task failed", e);
            }
        };
    }
}
