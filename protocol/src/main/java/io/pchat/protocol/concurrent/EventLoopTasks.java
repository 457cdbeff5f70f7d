package io.pchat.protocol.concurrent;

import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.EventLoop;

/**
 * Running a task on a channel's event loop from anywhere: at once when already on the loop (so
 * the task keeps its place in the caller's sequence), else queued behind what the loop has.
 */
public final class EventLoopTasks {
    private EventLoopTasks() {
    }

    /**
     * Runs {@code task} on {@code loop}; returns false when the loop is shut down and refused it
     * (the task is dropped: whatever it would have done died with the loop's channels).
     */
    public static boolean runOrDrop(EventLoop loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return true;
        }
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
