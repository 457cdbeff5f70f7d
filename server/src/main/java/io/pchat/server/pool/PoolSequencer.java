package io.pchat.server.pool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pchat.protocol.concurrent.AsyncCause;
import io.pchat.protocol.link.ForwardPost;
import io.pchat.protocol.link.PostResult;
import io.pchat.protocol.link.PostStatus;
import io.pchat.server.chat.MessageSequencer;
import io.pchat.storage.OutcomeUnknownException;
import io.pchat.storage.StorageException;
import io.pchat.storage.StorageUnavailableException;
import io.pchat.storage.log.LogOverloadedException;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.log.NewMessage;

/**
 * Routes each post to its room's owner (docs/design.md "Path of a message", step 3): appended here
 * when this node owns and has claimed the room, else forwarded over the node link. A post is
 * routed again (after a short pause, until the route timeout) only when it is certain that it was
 * not stored: the owner answered NOT_OWNER, the link to the owner was down before sending, or this
 * node lost the room before appending. A post whose answer was lost on the way (or whose owner
 * could not tell) fails with {@link OutcomeUnknownException}, answered 504: never "refused", never
 * resent here; the client looks for it in the room's history (docs/client.md).
 */
public final class PoolSequencer implements MessageSequencer {
    private static final long RETRY_MILLIS = 100;

    private final RoomOwnership ownership;
    private final MessageLog messageLog;
    private final NodeLink link;
    private final ScheduledExecutorService timer;
    private final long routeTimeoutMillis;

    public PoolSequencer(RoomOwnership ownership, MessageLog messageLog, NodeLink link, ScheduledExecutorService timer,
            long routeTimeoutMillis) {
        this.ownership = ownership;
        this.messageLog = messageLog;
        this.link = link;
        this.timer = timer;
        this.routeTimeoutMillis = routeTimeoutMillis;
    }

    @Override
    public CompletableFuture<Long> append(NewMessage message) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        try {
            route(message, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(routeTimeoutMillis), result);
        } catch (RuntimeException e) {
            result.completeExceptionally(e); // never thrown at the caller: it expects a future
        }
        return result;
    }

    /** A post a peer forwarded because this node owns the room (per the peer's view). */
    public CompletableFuture<PostResult> forwarded(ForwardPost post) {
        String owner = ownership.view().ownerOf(post.roomId());
        if (!ownership.self().equals(owner)) {
            return CompletableFuture.completedFuture(new PostResult(post.requestId(), PostStatus.NOT_OWNER, 0,
                    owner == null ? "no live active node" : "owned by " + owner));
        }
        NewMessage message = new NewMessage(post.roomId(), post.author(), post.text(), post.alert(), post.storyTitle());
        return appendHere(message).handle((msgid, error) -> {
            if (error == null) {
                return new PostResult(post.requestId(), PostStatus.OK, msgid, "");
            }
            Throwable t = AsyncCause.of(error);
            if (t instanceof Moved) {
                return new PostResult(post.requestId(), PostStatus.NOT_OWNER, 0, t.getMessage());
            }
            if (t instanceof OutcomeUnknownException) {
                return new PostResult(post.requestId(), PostStatus.UNKNOWN, 0, String.valueOf(t.getMessage()));
            }
            if (t instanceof StorageUnavailableException || t instanceof LogOverloadedException
                    || t instanceof StorageException) {
                return new PostResult(post.requestId(), PostStatus.UNAVAILABLE, 0, String.valueOf(t.getMessage()));
            }
            return new PostResult(post.requestId(), PostStatus.REFUSED, 0, String.valueOf(t.getMessage()));
        });
    }

    private void route(NewMessage message, long deadline, CompletableFuture<Long> result) {
        String owner = ownership.view().ownerOf(message.roomId());
        if (owner == null) {
            retryOrFail(message, deadline, result, new RoomUnavailableException("no live active node owns rooms now"));
        } else if (owner.equals(ownership.self())) {
            appendHere(message).whenComplete((msgid, error) -> {
                Throwable t = error == null ? null : AsyncCause.of(error);
                if (t == null) {
                    result.complete(msgid);
                } else if (t instanceof Moved) {
                    retryOrFail(message, deadline, result, (RuntimeException) t);
                } else {
                    result.completeExceptionally(t);
                }
            });
        } else {
            LinkPeer peer = link.peer(owner);
            if (peer == null) {
                result.completeExceptionally(new RoomUnavailableException("owner " + owner + " is not a pool member"));
                return;
            }
            ForwardPost post = new ForwardPost(peer.nextRequestId(), message.roomId(), message.author(), message.text(),
                    message.alert(), message.storyTitle());
            peer.forward(post).whenComplete((answer, error) -> {
                Throwable t = error == null ? null : AsyncCause.of(error);
                if (t instanceof LinkPeer.NotConnectedException e) {
                    retryOrFail(message, deadline, result, e);
                } else if (t != null) {
                    // sent, answer lost: it may have been stored; never resent here
                    result.completeExceptionally(new OutcomeUnknownException("the post was sent to " + owner
                            + ", whose answer was lost: " + t.getMessage(), t));
                } else if (answer.status() == PostStatus.OK) {
                    result.complete(answer.msgid());
                } else if (answer.status() == PostStatus.NOT_OWNER) {
                    retryOrFail(message, deadline, result, new RoomUnavailableException(owner + ": " + answer.reason()));
                } else if (answer.status() == PostStatus.UNKNOWN) {
                    result.completeExceptionally(new OutcomeUnknownException(owner + ": " + answer.reason(), null));
                } else if (answer.status() == PostStatus.UNAVAILABLE) {
                    result.completeExceptionally(new RoomUnavailableException(owner + ": " + answer.reason()));
                } else {
                    result.completeExceptionally(new StorageException(owner + " refused the post: " + answer.reason()));
                }
            });
        }
    }

    private CompletableFuture<Long> appendHere(NewMessage message) {
        return ownership.sequencing(message.roomId()).thenCompose(ready -> {
            Runnable end = ownership.begin(message.roomId());
            if (end == null) {
                return CompletableFuture.failedFuture(new Moved(message.roomId()));
            }
            try {
                return messageLog.append(message).whenComplete((stored, error) -> end.run()).thenApply(s -> s.msgid());
            } catch (RuntimeException e) {
                end.run();
                throw e;
            }
        }).exceptionallyCompose(error -> {
            Throwable t = AsyncCause.of(error);
            if (t instanceof RoomUnavailableException && !(t instanceof Moved) && !ownership.self().equals(
                    ownership.view().ownerOf(message.roomId()))) {
                return CompletableFuture.failedFuture(new Moved(message.roomId()));
            }
            return CompletableFuture.failedFuture(t);
        });
    }

    private void retryOrFail(NewMessage message, long deadline, CompletableFuture<Long> result, RuntimeException cause) {
        if (System.nanoTime() - deadline > 0) {
            result.completeExceptionally(cause instanceof StorageUnavailableException ? cause
                    : new RoomUnavailableException(cause.getMessage()));
            return;
        }
        try {
            timer.schedule(() -> route(message, deadline, result), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            result.completeExceptionally(new RoomUnavailableException("the node is stopping"));
        }
    }

    /** The room moved away from this node before the append started: nothing was stored. */
    static final class Moved extends RoomUnavailableException {
        private static final long serialVersionUID = 1L;

        Moved(String roomId) {
            super("room " + roomId + " moved to another node");
        }
    }
}
