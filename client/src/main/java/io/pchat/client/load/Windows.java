package io.pchat.client.load;

import java.util.Arrays;

import io.pchat.client.ChatListener;
import io.pchat.protocol.xccos.GroupChat;

/**
 * The run's measurement windows, and the listener every simulated client shares: a delivery
 * whose text carries a send time inside a window counts there, with its latency; deliveries of
 * warm-up posts count nowhere.
 *
 * <p>Thread-safety: windows are added by the generator's thread (copy-on-write array) and read
 * by every event loop; the listener never blocks.
 */
final class Windows implements ChatListener {
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

    @Override
    public void onMessage(GroupChat message) {
        long now = System.nanoTime();
        String text = message.chat();
        if (text == null || !text.startsWith(PostDriver.PREFIX)) {
            return;
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(text, PostDriver.PREFIX.length(), text.length(), 10);
        } catch (NumberFormatException e) {
            return;
        }
        Window w = find(sentAt);
        if (w != null) {
            w.delivered(sentAt, (now - sentAt) / 1_000);
        }
    }
}
