package io.pchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.pchat.server.session.InfoVerdict;
import io.pchat.storage.OutcomeUnknownException;
import io.pchat.storage.StorageUnavailableException;

/** How a failed post is answered: "not stored, send again" and "may be stored" are never the same answer. */
class FailuresTest {

    @Test
    void aPostThatWasNotStoredIs503AndTheClientSendsItAgain() {
        InfoVerdict v = Failures.verdict(new CompletionException(new StorageUnavailableException("primary: gone", null)));
        assertThat(v.status()).isEqualTo(503);
        assertThat(v.retryAfterSeconds()).isPositive();
    }

    @Test
    void aPostThatMayHaveBeenStoredIs504OutcomeUnknownNeverARefusal() {
        InfoVerdict v = Failures.verdict(new CompletionException(new OutcomeUnknownException(
                "the post was sent to dc1-n2, whose answer was lost", null)));
        assertThat(v.status()).isEqualTo(504);
        assertThat(v.reason()).isEqualTo("Outcome Unknown");
    }
}
