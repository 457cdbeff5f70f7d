package io.pchat.storage.replication;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.pchat.storage.log.MessageLog;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.log.StoredMessage;

/**
 * A steady append load: a few threads, each posting to a few rooms in turn and waiting for each
 * acknowledgement. Records every acknowledged message and counts failures.
 */
final class Load implements AutoCloseable {
    final Collection<StoredMessage> acked = new ConcurrentLinkedQueue<>();
    final AtomicLong failed = new AtomicLong();
    private final AtomicLong ackedCount = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Load(MessageLog log, int threadCount, int rooms) {
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                long i = 0;
                while (running) {
                    String room = "room-" + ((thread + i) % rooms);
                    try {
                        acked.add(log.append(NewMessage.chat(room, "sip:u" + thread + "@x", "m" + thread + "-" + i)).join());
                        ackedCount.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        pause();
                    }
                    i++;
                }
            }, "load-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
    }

    long ackedCount() {
        return ackedCount.get();
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
