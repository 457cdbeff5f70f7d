package io.pchat.client;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.pchat.protocol.xccos.CommandRef;
import io.pchat.protocol.xccos.Reply;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The commands sent in one dialog that still wait for their reply, keyed by the
 * {@code (seqid, envid)} pair a reply's {@code commandid} carries.
 *
 * <p>Invariants: confined to the dialog's event loop; each future completes exactly once, by its
 * reply, its timeout, or {@link #failAll}; a completed command is no longer in the map. After
 * {@link #failAll}, new registrations fail at once.
 */
final class PendingCommands {

    private record Pending(String name, CompletableFuture<Reply> future, ScheduledFuture<?> timeout) {
    }

    private final EventLoop eventLoop;
    private final Map<CommandRef, Pending> pending = new HashMap<>();
    private Throwable closedCause;

    PendingCommands(EventLoop eventLoop) {
        this.eventLoop = eventLoop;
    }

    /** Waits for the reply to command {@code name} sent as {@code ref}, at most {@code timeout}. */
    CompletableFuture<Reply> register(CommandRef ref, String name, Duration timeout) {
        CompletableFuture<Reply> future = new CompletableFuture<>();
        if (closedCause != null) {
            future.completeExceptionally(closedCause);
            return future;
        }
        ScheduledFuture<?> timer = eventLoop.schedule(() -> fail(ref, new TimeoutException(
                "no rpl:" + name + " to " + ref + " within " + timeout)), timeout.toNanos(), TimeUnit.NANOSECONDS);
        pending.put(ref, new Pending(name, future, timer));
        return future;
    }

    /** Completes the command the reply answers; false if none waits for it (late or unknown). */
    boolean complete(Reply reply) {
        Pending p = pending.remove(reply.commandId());
        if (p == null) {
            return false;
        }
        p.timeout().cancel(false);
        p.future().complete(reply);
        return true;
    }

    /** Fails one command (its INFO was refused, or it timed out). */
    void fail(CommandRef ref, Throwable cause) {
        Pending p = pending.remove(ref);
        if (p != null) {
            p.timeout().cancel(false);
            p.future().completeExceptionally(cause);
        }
    }

    /** Fails every waiting command and every later one: the dialog is over. */
    void failAll(Throwable cause) {
        closedCause = cause;
        for (Pending p : pending.values()) {
            p.timeout().cancel(false);
            p.future().completeExceptionally(cause);
        }
        pending.clear();
    }

    int size() {
        return pending.size();
    }
}
