package io.pchat.server.admin;

import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.protocol.concurrent.AsyncCause;
import io.pchat.server.chat.StorageBusyException;
import io.pchat.storage.DuplicateNameException;
import io.pchat.storage.FencedWriteException;
import io.pchat.storage.NotFoundException;
import io.pchat.storage.StorageUnavailableException;
import io.pchat.storage.config.InvalidConfigurationException;
import io.pchat.storage.log.LogClosedException;
import io.pchat.storage.log.LogOverloadedException;
import io.pchat.storage.room.CategoryNotEmptyException;

/**
 * Maps what a call threw to its answer: {@link AdminException} as it says; unknown object 404;
 * duplicate name and non-empty category 409; a bad value (names, principals) 400; storage
 * unavailable, busy, fenced or closed 503; anything else 500, logged with its stack.
 */
final class AdminErrors {
    private static final Logger log = LoggerFactory.getLogger(AdminErrors.class);

    private AdminErrors() {
    }

    static AdminResponse toResponse(Throwable error, String call) {
        Throwable e = AsyncCause.of(error);
        int status = status(e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (status == 500) {
            log.error("admin call {} failed", call, e);
            message = "internal error: " + message;
        } else if (status == 503) {
            log.warn("admin call {}: {}", call, message);
        }
        return AdminResponse.status(status, AdminJson.error(status, message));
    }

    static int status(Throwable e) {
        if (e instanceof AdminException admin) {
            return admin.status();
        }
        if (e instanceof NotFoundException) {
            return 404;
        }
        if (e instanceof DuplicateNameException || e instanceof CategoryNotEmptyException) {
            return 409;
        }
        if (e instanceof StorageUnavailableException || e instanceof StorageBusyException
                || e instanceof FencedWriteException || e instanceof LogClosedException
                || e instanceof LogOverloadedException || e instanceof TimeoutException) {
            return 503;
        }
        if (e instanceof IllegalArgumentException || e instanceof InvalidConfigurationException) {
            return 400;
        }
        return 500;
    }

}
