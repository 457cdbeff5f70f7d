package io.pchat.storage.log;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.lifecycle.AbstractLifeCycle;
import io.pchat.storage.StorageException;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.pool.PoolEpoch;

/**
 * The message log of one node: appends from any thread are queued and written by one writer
 * thread in group commits (up to {@code groupCommitMaxBatch} messages in one fenced transaction,
 * waiting up to {@code groupCommitMaxWait} for more once it has one).
 *
 * <p>Guarantees:
 * <ul>
 * <li>Durability: an append's future completes normally only after its batch committed on the
 * writing endpoint and was offered to the {@link LogReplica} (the mirror, when in sync). A
 * failed batch fails every future in it; nothing is acknowledged that is not stored.</li>
 * <li>Numbering: the log assigns each room's msgids, 1, 2, 3... strictly increasing and without
 * gap in the store (see {@link GroupCommit}).</li>
 * <li>Order: futures complete on the writer thread, in batch order, so in msgid order per room.
 * Callbacks run on the writer thread and must be short and never block: hop to your own thread
 * ({@code thenApplyAsync(.., executor)}) for anything else.</li>
 * <li>Back-pressure: at most {@code appendQueueCapacity} appends wait; beyond that an append is
 * refused at once with {@link LogOverloadedException} and nothing of it is stored.</li>
 * <li>No database work runs on the caller's thread.</li>
 * </ul>
 *
 * <p>Lifecycle: the constructor starts nothing; {@link #start()} starts the writer thread;
 * {@link #stop()} (or {@link #close()}) stops taking appends, flushes what is queued, stops the
 * thread, and fails anything left with {@link LogClosedException}.
 */
public final class MessageLog extends AbstractLifeCycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageLog.class);
    private static final Object WAKE = new Object();
    private static final long CLOSE_TIMEOUT_SECONDS = 60;

    /** Work run on the writer thread between two batches. */
    private record Task<T>(Callable<T> work, CompletableFuture<T> future) {
        void run() {
            try {
                future.complete(work.call());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }
    }

    private final GroupCommit commit;
    private final int capacity;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final long minIntervalNanos;
    /** When the last batch's transaction began (writer thread only). */
    private long lastCommitNanos;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Task<?>> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    /** A log writing to {@code endpoints.writer()}, fenced with {@code epoch}; {@link #start()} starts it. */
    public MessageLog(Endpoints endpoints, PoolEpoch epoch, HistoryCache cache, LogReplica replica, Clock clock) {
        StorageConfig config = endpoints.config();
        this.commit = new GroupCommit(endpoints, epoch, cache, replica, clock);
        this.capacity = config.appendQueueCapacity();
        this.maxBatch = config.groupCommitMaxBatch();
        this.maxWaitNanos = config.groupCommitMaxWait().toNanos();
        this.minIntervalNanos = config.groupCommitMinInterval().toNanos();
        this.lastCommitNanos = System.nanoTime() - minIntervalNanos;
        this.writer = new Thread(this::run, "pchat-log-writer");
        this.writer.setDaemon(true);
    }

    /** A log made and started at once (tests, tools): {@link #MessageLog} then {@link #start()}. */
    public static MessageLog open(Endpoints endpoints, PoolEpoch epoch, HistoryCache cache, LogReplica replica) {
        return open(endpoints, epoch, cache, replica, Clock.systemUTC());
    }

    /** As {@link #open(Endpoints, PoolEpoch, HistoryCache, LogReplica)} with the clock that stamps messages. */
    public static MessageLog open(Endpoints endpoints, PoolEpoch epoch, HistoryCache cache, LogReplica replica,
            Clock clock) {
        MessageLog messageLog = new MessageLog(endpoints, epoch, cache, replica, clock);
        messageLog.startUnchecked();
        return messageLog;
    }

    @Override
    public String name() {
        return "message log";
    }

    @Override
    protected void doStart() {
        writer.start();
        log.info("message log started: batches of up to {}, queue of {}", maxBatch, capacity);
    }

    /**
     * Adds one who is told of every durable message, in msgid order per room, on the writer thread
     * (see {@link DurableMessages}); listeners are told in the order they were added (the node's own
     * dialogs first, then metrics, then the other nodes), each before any of the batch's futures
     * completes, and one that throws does not keep the others from being told. Add them before
     * messages flow.
     */
    public void addDurableListener(DurableMessages listener) {
        commit.durable.add(listener);
    }

    /**
     * Sets who is told how long each committed batch's transaction took, in nanoseconds (metrics),
     * on the writer thread; must be quick.
     */
    public void onCommitTime(LongConsumer timer) {
        commit.commitTimer = timer;
    }

    /**
     * Queues a message. The future completes with the stored message once it is durable, or
     * exceptionally: {@link LogOverloadedException} at once when the queue is full,
     * {@link LogClosedException} when closing, {@link io.pchat.storage.StorageUnavailableException}
     * or {@link io.pchat.storage.FencedWriteException} when its batch failed.
     */
    public CompletableFuture<StoredMessage> append(NewMessage message) {
        if (closing) {
            return CompletableFuture.failedFuture(new LogClosedException());
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            refused.incrementAndGet();
            return CompletableFuture.failedFuture(new LogOverloadedException(capacity));
        }
        CompletableFuture<StoredMessage> future = new CompletableFuture<>();
        queue.add(new GroupCommit.Pending(message, future));
        return future;
    }

    /**
     * Runs {@code work} on the writer thread before the next batch (ahead of queued appends): no
     * batch is being written meanwhile. Called from the writer thread itself (from such a task),
     * it runs at once. For replication's switch-overs; keep it short.
     */
    public <T> CompletableFuture<T> betweenBatches(Callable<T> work) {
        Task<T> task = new Task<>(work, new CompletableFuture<>());
        if (Thread.currentThread() == writer) {
            task.run();
            return task.future();
        }
        if (closing && !writer.isAlive()) {
            return CompletableFuture.failedFuture(new LogClosedException());
        }
        tasks.add(task);
        queue.add(WAKE);
        return task.future();
    }

    /** Forgets a room's counter and cached history (ownership hand-over): the next append reloads MAX(msgid). */
    public CompletableFuture<Void> forgetRoom(String roomId) {
        return betweenBatches(() -> {
            commit.forget(roomId);
            return null;
        });
    }

    /** Forgets every room: after the writing endpoint changed. */
    public CompletableFuture<Void> forgetAllRooms() {
        return betweenBatches(() -> {
            commit.forgetAll();
            return null;
        });
    }

    /** Deletes every message of a room; completes with the number deleted. Msgids go on after the last one. */
    public CompletableFuture<Integer> purgeRoom(String roomId) {
        return betweenBatches(() -> commit.purge(new Purge.Room(roomId)));
    }

    /**
     * Deletes every message stamped before {@code before}, in every room; completes with the
     * number deleted. Only this node's history cache is invalidated: other nodes must be told
     * ({@link HistoryCache} of each node).
     */
    public CompletableFuture<Integer> purgeBefore(Instant before) {
        return betweenBatches(() -> commit.purge(new Purge.Before(before)));
    }

    public LogStats stats() {
        return commit.stats(refused.get(), queued.get());
    }

    /** Stops taking appends, writes what is queued, stops the writer thread. Idempotent. */
    @Override
    public void close() {
        stopUnchecked();
    }

    @Override
    protected void doStop() {
        if (!closing) {
            closing = true;
            log.info("message log closing: flushing {} queued appends", queued.get());
            queue.add(WAKE);
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.error("message log writer did not stop within {} s", CLOSE_TIMEOUT_SECONDS);
            return;
        }
        // Appends or tasks that raced past the closing check after the writer's last look.
        int left = 0;
        for (Object item; (item = queue.poll()) != null;) {
            if (item instanceof GroupCommit.Pending p) {
                p.future().completeExceptionally(new LogClosedException());
                left++;
            }
        }
        for (Task<?> task; (task = tasks.poll()) != null;) {
            task.future().completeExceptionally(new LogClosedException());
        }
        LogStats stats = stats();
        log.info("message log closed: {} messages in {} batches, {} failed batches{}", stats.messages(),
                stats.batches(), stats.failedBatches(), left > 0 ? ", " + left + " late appends refused" : "");
    }

    private void run() {
        List<GroupCommit.Pending> batch = new ArrayList<>(maxBatch);
        try {
            while (true) {
                runTasks();
                if (closing && queued.get() == 0) {
                    runTasks();
                    return;
                }
                Object first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (!(first instanceof GroupCommit.Pending p)) {
                    continue; // nothing, or a wake-up for tasks or closing
                }
                batch.add(p);
                collect(batch);
                queued.addAndGet(-batch.size());
                lastCommitNanos = System.nanoTime();
                commit.write(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            log.error("message log writer interrupted; {} appends left", queued.get());
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("message log writer died", e);
            for (GroupCommit.Pending p : batch) {
                p.future().completeExceptionally(new StorageException("message log writer died", e));
            }
            closing = true;
            throw e;
        }
    }

    /**
     * Adds queued appends to {@code batch} until it is full, the wait is over, or a task is waiting.
     * The wait is {@code maxWait}, or longer when the last transaction began less than
     * {@code minInterval} ago: under load, commits come at most that often and take what gathered.
     */
    private void collect(List<GroupCommit.Pending> batch) throws InterruptedException {
        long now = System.nanoTime();
        long deadline = now + Math.max(maxWaitNanos, minIntervalNanos - (now - lastCommitNanos));
        while (batch.size() < maxBatch) {
            Object next = queue.poll();
            if (next == null && !closing) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    return;
                }
                next = queue.poll(wait, TimeUnit.NANOSECONDS);
            }
            if (!(next instanceof GroupCommit.Pending p)) {
                return; // the wait is over, or a task wants to run before the next batch
            }
            batch.add(p);
        }
    }

    private void runTasks() {
        for (Task<?> task; (task = tasks.poll()) != null;) {
            task.run();
        }
    }
}
