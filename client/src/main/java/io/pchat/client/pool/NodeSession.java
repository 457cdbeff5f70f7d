package io.pchat.client.pool;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.slf4j.LoggerFactory;

import io.pchat.client.ChatMessage;
import io.pchat.client.ClientOptions;
import io.pchat.client.HistoryPage;
import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.RoomUri;

/**
 * What the pool client needs of one session with one node: the few commands it sends, the
 * messages the node pushes, and the end. {@link ChatClientSession} is the real one, on a
 * {@link io.pchat.client.ChatClient}; tests put a scripted pool behind it.
 *
 * <p>Futures complete on any thread; a lost session fails them (with a
 * {@link io.pchat.client.ConnectionLostException} or a {@link java.util.concurrent.TimeoutException}).
 */
interface NodeSession {

    /** A command's answer: the XCCOS result code and text, and the value read from the reply. */
    record Answer<T>(int code, String text, T value) {
        boolean isOk() {
            return code == 200;
        }
    }

    /** Opens sessions; {@code messages} hears every chat message pushed by the node, in wire order. */
    @FunctionalInterface
    interface Connector {
        CompletableFuture<NodeSession> connect(ClientOptions options, Consumer<ChatMessage> messages);
    }

    /** The node actually reached (after any redirect). */
    NodeAddress address();

    CompletableFuture<Answer<Void>> join(RoomUri room);

    CompletableFuture<Answer<Void>> part(RoomUri room);

    /** The last {@code count} messages, oldest first, and the gaps they span. */
    CompletableFuture<Answer<HistoryPage>> history(RoomUri room, int count);

    /** Up to {@code count} messages below {@code msgid}, oldest first, and the gaps they span. */
    CompletableFuture<Answer<HistoryPage>> historyBefore(RoomUri room, long msgid, int count);

    /** The INFO's SIP answer to a post. */
    CompletableFuture<PostResult> post(RoomUri room, String text);

    /** A cheap command that proves the session is alive. */
    CompletableFuture<?> probe();

    /** Completes with the reason once the session has ended. */
    CompletableFuture<String> closed();

    /** Ends the session; may wait (bounded) for the node's answer. */
    void close();

    /** {@link #close()} without holding up the caller (a BYE may wait for its answer). */
    default void closeInBackground() {
        Thread t = new Thread(() -> {
            try {
                close();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(PoolClient.class).debug("closing {} failed", this, e);
            }
        }, "pchat-pool-close");
        t.setDaemon(true);
        t.start();
    }
}
