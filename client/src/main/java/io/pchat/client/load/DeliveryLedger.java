package io.pchat.client.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import io.pchat.client.ChatListener;
import io.pchat.protocol.xccos.GroupChat;

/**
 * Every post of a run that falls in a measurement window, and which members of its room received
 * it: "delivered" counts each (post, recipient) once, a second delivery of the same post to the
 * same member is a <b>duplicate</b>, and a delivery still missing once the run has drained is
 * <b>missing</b>, named by msgid and recipient.
 *
 * <p>A post's text is {@code lg <id> <sentAt>}: {@code id} is its index here, {@code sentAt} the
 * generator's {@code System.nanoTime()} when it was handed to the client (for its latency). A post
 * sent when no window is open is {@code lg - <sentAt>} and is not accounted.
 *
 * <p>Invariants: posts are only added, by the post driver's thread, in order of their send time;
 * a post's received bits (one per member of its room) are only set, by any client event loop,
 * atomically; its msgid is the one of its first delivery.
 */
final class DeliveryLedger {
    static final String PREFIX = "lg ";
    /** The text of a post sent outside every window (after the last one closed): not accounted. */
    static final String OUTSIDE = PREFIX + "- ";
    private static final int CHUNK_BITS = 14;
    private static final int CHUNK = 1 << CHUNK_BITS;
    /** At most this many posts are tracked (65,536 chunks of 16,384): 1,000 posts/s for 12 days. */
    private static final int CHUNKS = 1 << 16;

    /** One post in a window. */
    static final class Post {
        final int room;
        final Window window;
        final long sentAt;
        /** What is posted: {@code lg <id> <sentAt>}. */
        final String text;
        final AtomicLongArray received;
        volatile long msgid = -1;
        volatile boolean stored;

        Post(int id, int room, Window window, long sentAt, int members) {
            this.room = room;
            this.window = window;
            this.sentAt = sentAt;
            this.text = PREFIX + id + " " + sentAt;
            this.received = new AtomicLongArray((members + 63) / 64);
        }

        /** Marks member {@code slot} as having received it; false when it already had. */
        boolean receivedBy(int slot) {
            int word = slot >>> 6;
            long bit = 1L << (slot & 63);
            long before = received.getAndUpdate(word, w -> w | bit);
            return (before & bit) == 0;
        }

        boolean hasReached(int slot) {
            return (received.get(slot >>> 6) & (1L << (slot & 63))) != 0;
        }
    }

    private final Population population;
    private final AtomicReferenceArray<AtomicReferenceArray<Post>> chunks = new AtomicReferenceArray<>(CHUNKS);
    private volatile int size;
    /** Deliveries that named no post of the ledger, or a recipient outside the post's room. */
    final LongAdder strays = new LongAdder();

    DeliveryLedger(Population population) {
        this.population = population;
    }

    /** Adds a post about to be sent in {@code window}; null when the ledger is full. Post driver's thread only. */
    Post add(int room, Window window, long sentAt) {
        int id = size;
        if (id >= CHUNK * CHUNKS) {
            return null;
        }
        AtomicReferenceArray<Post> chunk = chunks.get(id >>> CHUNK_BITS);
        if (chunk == null) {
            chunk = new AtomicReferenceArray<>(CHUNK);
            chunks.set(id >>> CHUNK_BITS, chunk);
        }
        Post post = new Post(id, room, window, sentAt, population.roomSize[room]);
        chunk.set(id & (CHUNK - 1), post);
        size = id + 1;
        return post;
    }

    /** The post with this id, or null. */
    Post get(long id) {
        if (id < 0 || id >= size) {
            return null;
        }
        AtomicReferenceArray<Post> chunk = chunks.get((int) (id >>> CHUNK_BITS));
        return chunk == null ? null : chunk.get((int) (id & (CHUNK - 1)));
    }

    /** The listener of simulated user {@code user}: records its deliveries. */
    ChatListener recipient(int user) {
        return new ChatListener() {
            @Override
            public void onMessage(GroupChat message) {
                delivered(user, message, System.nanoTime());
            }
        };
    }

    void delivered(int user, GroupChat message, long now) {
        String text = message.chat();
        if (text == null || !text.startsWith(PREFIX) || text.startsWith(OUTSIDE)) {
            return;
        }
        int space = text.indexOf(' ', PREFIX.length());
        Post post;
        try {
            post = space < 0 ? null : get(Long.parseLong(text, PREFIX.length(), space, 10));
        } catch (NumberFormatException e) {
            post = null;
        }
        int slot = post == null ? -1 : population.slotOf(user, post.room);
        if (slot < 0) {
            strays.increment();
            return;
        }
        if (post.msgid < 0 && message.msgid() != null) {
            post.msgid = message.msgid();
        }
        if (post.receivedBy(slot)) {
            post.window.delivered(post.sentAt, (now - post.sentAt) / 1_000);
        } else {
            post.window.duplicates.increment();
        }
    }

    /**
     * What became of {@code window}'s posts, counted from the ledger: the deliveries of its stored
     * posts that arrived and those that did not (the first {@code limit} of them named), and the
     * deliveries of posts that were never acknowledged as stored.
     */
    Tally tally(Window window, int limit) {
        long delivered = 0;
        long missing = 0;
        long unacknowledged = 0;
        List<String> named = new ArrayList<>();
        int n = size;
        for (int id = 0; id < n; id++) {
            Post post = get(id);
            if (post == null || post.window != window) {
                continue;
            }
            int members = population.roomSize[post.room];
            for (int slot = 0; slot < members; slot++) {
                boolean reached = post.hasReached(slot);
                if (!post.stored) {
                    unacknowledged += reached ? 1 : 0;
                } else if (reached) {
                    delivered++;
                } else {
                    missing++;
                    if (named.size() < limit) {
                        named.add((post.msgid < 0 ? "post " + id + " (delivered to no one)" : "msgid " + post.msgid)
                                + " in " + population.options.rooms().get(post.room).name() + " to "
                                + population.options.user(population.memberOfSlot(post.room, slot)));
                    }
                }
            }
        }
        return new Tally(delivered, missing, named, unacknowledged);
    }

    /**
     * A window's deliveries once the run has drained.
     *
     * @param delivered       (post, recipient) pairs of stored posts that arrived
     * @param missing         those that did not
     * @param missingNamed    the first of the missing, by msgid (or post) and recipient
     * @param unacknowledged  deliveries of posts never acknowledged as stored (their posts are errors)
     */
    record Tally(long delivered, long missing, List<String> missingNamed, long unacknowledged) {
        Tally {
            missingNamed = List.copyOf(missingNamed);
        }
    }
}
