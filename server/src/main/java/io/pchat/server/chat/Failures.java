package io.pchat.server.chat;

import io.pchat.protocol.concurrent.AsyncCause;
import io.pchat.protocol.xccos.ResultCode;
import io.pchat.server.session.InfoVerdict;
import io.pchat.storage.DuplicateNameException;
import io.pchat.storage.FencedWriteException;
import io.pchat.storage.NotFoundException;
import io.pchat.storage.OutcomeUnknownException;
import io.pchat.storage.StorageException;
import io.pchat.storage.StorageUnavailableException;
import io.pchat.storage.log.LogClosedException;
import io.pchat.storage.log.LogOverloadedException;

/**
 * How failures become answers: a result code for a command reply, a SIP status for a post.
 * Everything that means "storage cannot take this now, nothing was done" is 503 (retry); a
 * {@link CommandFailure} says its own code; anything unexpected is 500.
 */
final class Failures {
    /** Retry-After for a post refused under overload: soon, but not at once. */
    static final int RETRY_AFTER_SECONDS = 1;

    private Failures() {
    }

    /** Whether storage refused the work for now (the client should retry). */
    static boolean isUnavailable(Throwable e) {
        Throwable t = AsyncCause.of(e);
        return t instanceof StorageBusyException || t instanceof StorageUnavailableException
                || t instanceof OutcomeUnknownException
                || t instanceof LogOverloadedException || t instanceof FencedWriteException
                || t instanceof LogClosedException;
    }

    static ResultCode resultCode(Throwable e) {
        Throwable t = AsyncCause.of(e);
        if (t instanceof CommandFailure f) {
            return f.code();
        }
        if (isUnavailable(t)) {
            return ResultCode.DATABASE_CONNECTION;
        }
        if (t instanceof NotFoundException) {
            return ResultCode.NO_SUCH_NODE;
        }
        if (t instanceof DuplicateNameException) {
            return ResultCode.DUPLICATE_ROOM_NAME;
        }
        if (t instanceof IllegalArgumentException) {
            return ResultCode.INVALID_ARGUMENT;
        }
        return ResultCode.SERVER_ERROR;
    }

    /**
     * The SIP answer to a post whose append failed. The message log stores nothing of a batch
     * that fails, so any storage failure of an append (a lock or query timeout included, which
     * storage reports as a plain {@link StorageException}) is 503: the client may resend. When
     * it may have been stored after all (the commit's or the owner's answer was lost), 504
     * "Outcome Unknown": the client looks for it in the room's history before resending.
     */
    static InfoVerdict verdict(Throwable e) {
        if (AsyncCause.of(e) instanceof OutcomeUnknownException) {
            return new InfoVerdict(504, "Outcome Unknown", 0);
        }
        if (isUnavailable(e) || AsyncCause.of(e) instanceof StorageException) {
            return InfoVerdict.unavailable(RETRY_AFTER_SECONDS);
        }
        return new InfoVerdict(500, "Server Internal Error", 0);
    }
}
