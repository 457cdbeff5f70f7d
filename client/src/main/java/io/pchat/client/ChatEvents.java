package io.pchat.client;

import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.Notice;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A listener that queues what it hears, for callers that would rather wait than be called back
 * (tests, the command line). The event loop only offers to the queue; waiting happens in the
 * caller's thread.
 *
 * <p>Invariant: the queue holds at most {@code capacity} events; when it is full, new events are
 * dropped and counted ({@link #dropped()}) rather than blocking the event loop, except
 * {@link ChatEvent.Closed}, which is always kept last.
 */
public final class ChatEvents implements ChatListener {

    /** Enough for any test or interactive use; a load generator should use a listener instead. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final BlockingQueue<ChatEvent> queue;
    private final int capacity;
    private final AtomicLong dropped = new AtomicLong();

    public ChatEvents() {
        this(DEFAULT_CAPACITY);
    }

    public ChatEvents(int capacity) {
        // one slot more than asked, kept for the Closed event
        this.queue = new LinkedBlockingQueue<>(capacity + 1);
        this.capacity = capacity;
    }

    @Override
    public void onMessage(GroupChat message) {
        offer(new ChatEvent.MessageReceived(message));
    }

    @Override
    public void onNotice(Notice notice) {
        offer(new ChatEvent.NoticeReceived(notice));
    }

    @Override
    public void onClosed(String reason) {
        queue.offer(new ChatEvent.Closed(reason));
    }

    private void offer(ChatEvent event) {
        if (queue.size() >= capacity || !queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** The next event, waiting at most {@code timeout}; empty if none came. */
    public Optional<ChatEvent> poll(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * The next event matching {@code wanted}, waiting at most {@code timeout} in all; events before
     * it that do not match are discarded. Empty on timeout or when the dialog closed first (the
     * Closed event is consumed).
     */
    public <E extends ChatEvent> Optional<E> next(Class<E> type, Predicate<? super E> wanted, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            ChatEvent event = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
            if (event == null) {
                return Optional.empty();
            }
            if (type.isInstance(event) && wanted.test(type.cast(event))) {
                return Optional.of(type.cast(event));
            }
            if (event instanceof ChatEvent.Closed && type != ChatEvent.Closed.class) {
                return Optional.empty();
            }
        }
    }

    /** The next delivered chat message, waiting at most {@code timeout}. */
    public Optional<GroupChat> nextMessage(Duration timeout) throws InterruptedException {
        return next(ChatEvent.MessageReceived.class, e -> true, timeout).map(ChatEvent.MessageReceived::message);
    }

    /** The next notice, waiting at most {@code timeout}. */
    public Optional<Notice> nextNotice(Duration timeout) throws InterruptedException {
        return next(ChatEvent.NoticeReceived.class, e -> true, timeout).map(ChatEvent.NoticeReceived::notice);
    }

    /** Events not yet taken. */
    public int size() {
        return queue.size();
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }
}
