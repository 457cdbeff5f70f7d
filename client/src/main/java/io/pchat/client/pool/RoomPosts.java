package io.pchat.client.pool;

import io.pchat.client.ChatMessage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The posts of one room, in the order they were asked for, and what tells whether a post whose
 * verdict was lost with the connection was stored: the room's own messages as they are delivered.
 *
 * <p>Only the head of the queue is ever on the wire, so posts are stored in order. Each post
 * remembers {@code sentAfter}, the room's last delivered msgid when it was (last) sent: if it was
 * stored, its message has a higher msgid. A delivered message by this user with the same text
 * (line ends compared as {@code \n}) and a higher msgid is the head post's echo; but first it is
 * offered to the posts acknowledged earlier whose echo has not come yet, oldest first, so that
 * two posts with the same text are not taken for one.
 *
 * <p>Not thread-safe: used on the pool client's thread only.
 */
final class RoomPosts {

    /** Acknowledged posts whose echo is awaited are kept up to this many (the oldest are forgotten). */
    static final int MAX_AWAITED_ECHOES = 1000;

    enum State {
        /** Waiting to be sent. */
        QUEUED,
        /** Refused with 503; a timer will queue it again. */
        WAITING_RETRY,
        /** On the wire, verdict pending. */
        SENT,
        /** Sent, but the connection was lost before the verdict: resolved after the catch-up. */
        UNKNOWN
    }

    static final class Post {
        final String text;
        final String key;
        final CompletableFuture<PostReceipt> future;
        State state = State.QUEUED;
        int attempts;
        long sentAfter;
        boolean echoSeen;
        Duration retryWait;

        Post(String text, CompletableFuture<PostReceipt> future) {
            this.text = text;
            this.key = normalize(text);
            this.future = future;
        }

        @Override
        public String toString() {
            return "post " + state + " #" + attempts + " after " + sentAfter + (echoSeen ? " echoed" : "");
        }
    }

    private record Echo(String key, long after) {
    }

    private final String me;
    private final ArrayDeque<Post> queue = new ArrayDeque<>();
    private final ArrayDeque<Echo> awaited = new ArrayDeque<>();

    /** {@code me}: our user URI, as the node writes it in {@code author}. */
    RoomPosts(String me) {
        this.me = me.toLowerCase(Locale.ROOT);
    }

    Post add(String text, CompletableFuture<PostReceipt> future) {
        Post p = new Post(text, future);
        queue.addLast(p);
        return p;
    }

    Post head() {
        return queue.peekFirst();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /** The head goes on the wire; {@code lastDelivered} is the room's last delivered msgid now. */
    void sent(Post p, long lastDelivered) {
        p.state = State.SENT;
        p.attempts++;
        p.sentAfter = lastDelivered;
        p.echoSeen = false;
    }

    /** The node stored the head post; its echo, if not seen yet, is awaited. */
    void stored(Post p) {
        if (queue.peekFirst() == p) {
            queue.pollFirst();
        }
        if (!p.echoSeen) {
            awaited.addLast(new Echo(p.key, p.sentAfter));
            if (awaited.size() > MAX_AWAITED_ECHOES) {
                awaited.pollFirst();
            }
        }
    }

    /** The head post is done otherwise (refused, found in history, failed). */
    void remove(Post p) {
        queue.remove(p);
    }

    /** The session ended: a post on the wire has an unknown outcome; one waiting for a 503 retry is queued. */
    void sessionLost() {
        for (Post p : queue) {
            if (p.state == State.SENT) {
                p.state = State.UNKNOWN;
            } else if (p.state == State.WAITING_RETRY) {
                p.state = State.QUEUED;
            }
        }
    }

    /** A message of the room was delivered: if it is ours, it is the echo of an earlier post or of the head. */
    void delivered(ChatMessage m) {
        if (m.author() == null || !m.author().toLowerCase(Locale.ROOT).equals(me)) {
            return;
        }
        String key = normalize(m.text());
        for (Iterator<Echo> it = awaited.iterator(); it.hasNext();) {
            Echo e = it.next();
            if (e.key.equals(key) && m.msgid() > e.after) {
                it.remove();
                return;
            }
        }
        Post head = queue.peekFirst();
        if (head != null && (head.state == State.SENT || head.state == State.UNKNOWN) && !head.echoSeen
                && head.key.equals(key) && m.msgid() > head.sentAfter) {
            head.echoSeen = true;
        }
    }

    /** Empties the queue (part, close); the caller fails the futures. */
    List<Post> takeAll() {
        List<Post> all = new ArrayList<>(queue);
        queue.clear();
        awaited.clear();
        return all;
    }

    /** Line ends as the XML reader gives them back. */
    static String normalize(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
