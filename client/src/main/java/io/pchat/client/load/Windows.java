package io.pchat.client.load;

import java.util.Arrays;

/**
 * The run's measurement windows, in time order: a post sent inside a window counts there, with
 * its deliveries and their latency (the warm-up is a window too, then ignored).
 *
 * <p>Thread-safety: windows are added by the generator's thread (copy-on-write array) and read
 * by the post driver.
 */
final class Windows {
    private volatile Window[] windows = {};

    Window open(String name, double rate, long start, long end) {
        Window w = new Window(name, rate, start, end);
        Window[] next = Arrays.copyOf(windows, windows.length + 1);
        next[next.length - 1] = w;
        windows = next;
        return w;
    }

    /** The window a post sent at {@code sentAt} belongs to, or null. Most recent first. */
    Window find(long sentAt) {
        Window[] current = windows;
        for (int i = current.length - 1; i >= 0; i--) {
            if (current[i].contains(sentAt)) {
                return current[i];
            }
        }
        return null;
    }
}
