package io.pchat.server.sip;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.pchat.server.session.ClientSession;

/** Waiting for what the fake service hears, shared by the test classes. */
final class ChatDialogTestSupport {

    private ChatDialogTestSupport() {
    }

    /** The session the service was told of for {@code dialog}'s Call-ID, waiting up to 5 s. */
    static ClientSession startedSession(ListenerFixture node, ClientDialog dialog) {
        return startedSession(node, dialog.callId());
    }

    static ClientSession startedSession(ListenerFixture node, String callId) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> node.service.started.stream()
                .filter(s -> s.id().startsWith(callId + ";")).findFirst().orElse(null), s -> s != null);
    }
}
