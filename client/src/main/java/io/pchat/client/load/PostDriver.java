package io.pchat.client.load;

import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.pchat.client.ChatClient;

/**
 * The thread that posts: at a target rate over all users (posts due by the elapsed time are sent
 * at once, checked every millisecond), or as fast as the node answers with a fixed number of
 * posts outstanding. Each post goes from a random (user, room) membership, so rooms get posts in
 * proportion to their size; a post in a window is entered in the {@link DeliveryLedger}, whose
 * text for it ({@code lg <id> <nanoTime>}) lets the receiving clients account for it exactly and
 * turn its send time into a latency.
 *
 * <p>The rate may change while running (a ramp's stages); the window a post belongs to is read
 * when it is sent. Thread-safety: the control methods may be called from any thread.
 */
final class PostDriver implements Runnable {
    private final Population population;
    private final Windows windows;
    private final DeliveryLedger ledger;
    private final int maxInFlight;
    private final Thread thread;
    private volatile double rate;
    private volatile long rateSince;
    private volatile boolean running = true;

    PostDriver(Population population, Windows windows, DeliveryLedger ledger, double rate, int maxInFlight) {
        this.population = population;
        this.windows = windows;
        this.ledger = ledger;
        this.maxInFlight = maxInFlight;
        this.rate = rate;
        this.rateSince = System.nanoTime();
        this.thread = new Thread(this, "pchat-load-driver");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Posts per second from now on; 0 for as fast as possible. */
    void rate(double value) {
        rateSince = System.nanoTime();
        rate = value;
    }

    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Override
    public void run() {
        Semaphore inFlight = new Semaphore(maxInFlight);
        long sentAtThisRate = 0;
        long lastSince = rateSince;
        while (running) {
            double r = rate;
            if (rateSince != lastSince) {
                lastSince = rateSince;
                sentAtThisRate = 0;
            }
            if (r <= 0) {
                try {
                    inFlight.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                post(inFlight);
                continue;
            }
            long due = (long) ((System.nanoTime() - lastSince) / 1e9 * r);
            while (sentAtThisRate < due && running) {
                post(null);
                sentAtThisRate++;
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private void post(Semaphore inFlight) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int m = random.nextInt(population.memberUser.length);
        ChatClient client = population.clients[population.memberUser[m]];
        int room = population.memberRoom[m];
        long sentAt = System.nanoTime();
        Window window = windows.find(sentAt);
        if (client == null || !client.isOpen()) {
            if (window != null) {
                window.errors.increment();
            }
            if (inFlight != null) {
                inFlight.release();
            }
            return;
        }
        DeliveryLedger.Post entry = window == null ? null : ledger.add(room, window, sentAt);
        if (window != null && entry == null) {
            window.errors.increment(); // the ledger is full (a billion posts): not sent, since it could not be counted
            if (inFlight != null) {
                inFlight.release();
            }
            return;
        }
        if (window != null) {
            window.sent.increment();
            window.sentExpected.add(population.roomSize[room]);
        }
        String text = entry != null ? entry.text : DeliveryLedger.OUTSIDE + sentAt;
        client.post(population.roomUris[room], text).whenComplete((result, error) -> {
            if (inFlight != null) {
                inFlight.release();
            }
            if (window == null) {
                return;
            }
            if (error != null) {
                window.errors.increment();
            } else if (result.isStored()) {
                if (entry != null) {
                    entry.stored = true;
                }
                window.stored.increment();
                window.expected.add(population.roomSize[room]);
            } else if (result.status() == 503) {
                window.refused.increment();
            } else {
                window.errors.increment();
            }
        });
    }
}
