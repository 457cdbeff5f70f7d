package io.pchat.server.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.pchat.server.room.Participant;
import io.pchat.server.session.ClientSession;

/**
 * The command layer's view of one dialog: its queue of items, the rooms it joined, and whether
 * its user may use persistent chat.
 *
 * <p>Invariant: confined to the session's event loop (every method is called there). Items run
 * one after another in arrival order: a step starts only when the previous one finished (its
 * reply sent, its joins recorded), so {@code join} then {@code part} in one envelope, or a post
 * right after its join, behave as written even though storage work runs elsewhere.
 */
final class SessionState {
    private final ClientSession session;
    private final Map<String, Participant> joined = new LinkedHashMap<>();
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private boolean enabled = true;
    private boolean firstCommandDone;
    private boolean ended;

    SessionState(ClientSession session) {
        this.session = session;
    }

    ClientSession session() {
        return session;
    }

    /**
     * Runs {@code step} on the event loop once every earlier step finished; the returned future
     * completes when this step did.
     */
    <T> CompletableFuture<T> enqueue(Supplier<? extends CompletionStage<T>> step) {
        CompletableFuture<T> result;
        if (tail.isDone()) {
            result = start(step);
        } else {
            result = tail.handleAsync((v, e) -> null, session.eventLoop()).thenCompose(v -> start(step));
        }
        tail = result;
        return result;
    }

    private static <T> CompletableFuture<T> start(Supplier<? extends CompletionStage<T>> step) {
        try {
            return step.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The participant this dialog is in the room as, or null. */
    Participant joined(String roomId) {
        return joined.get(key(roomId));
    }

    void addJoined(Participant p) {
        joined.put(key(p.roomId()), p);
    }

    Participant removeJoined(String roomId) {
        return joined.remove(key(roomId));
    }

    /** Every room this dialog is in, removed: for the end of the dialog. */
    List<Participant> takeAllJoined() {
        List<Participant> all = new ArrayList<>(joined.values());
        joined.clear();
        return all;
    }

    boolean isEnabled() {
        return enabled;
    }

    void disable() {
        enabled = false;
    }

    /** True the first time only: the first command of the dialog. */
    boolean markFirstCommand() {
        boolean first = !firstCommandDone;
        firstCommandDone = true;
        return first;
    }

    boolean isEnded() {
        return ended || !session.isOpen();
    }

    void end() {
        ended = true;
    }

    private static String key(String roomId) {
        return roomId.toLowerCase(Locale.ROOT);
    }
}
