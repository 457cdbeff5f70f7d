package io.pchat.client;

import gov.nist.javax.sip.message.SIPRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Refresh, BYE either way, connection loss. */
class SessionLifecycleTest {

    private FakeChatNode node;

    @BeforeEach
    void start() throws Exception {
        node = new FakeChatNode();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void refreshesWithUpdateAtHalfTheGrantedInterval() throws Exception {
        node.sessionExpires = 2;
        try (ChatClient client = ChatClient.open(node.options())) {
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> node.requests("UPDATE").size() >= 1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1900));
            SIPRequest update = node.requests("UPDATE").get(0);
            assertThat(update.getCallId().getCallId()).isEqualTo(client.callId());
            assertThat(update.getTo().getTag()).startsWith("node");
            assertThat(update.getCSeq().getSeqNumber()).isEqualTo(2);
            assertThat(SessionSetupTest.header(update, "Session-Expires")).isEqualTo("1800;refresher=uac");
            await().atMost(Duration.ofSeconds(5)).until(() -> node.requests("UPDATE").size() >= 2);
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void closeSendsByeInTheDialogAndEndsTheSession() throws Exception {
        ChatClient client = ChatClient.open(node.options());
        ChatEvents events = client.events();
        client.close();

        assertThat(node.requests("BYE")).hasSize(1);
        SIPRequest bye = node.requests("BYE").get(0);
        assertThat(bye.getCallId().getCallId()).isEqualTo(client.callId());
        assertThat(bye.getTo().getTag()).startsWith("node");
        assertThat(client.isOpen()).isFalse();
        assertThat(events.next(ChatEvent.Closed.class, e -> true, Duration.ofSeconds(5)))
                .get().extracting(ChatEvent.Closed::reason).isEqualTo("closed by the client");
        client.close(); // idempotent
        assertThat(node.requests("BYE")).hasSize(1);
    }

    @Test
    void aByeFromTheNodeIsAnswered200AndClosesTheSession() throws Exception {
        try (ChatClient client = ChatClient.open(node.options())) {
            node.sendBye();
            assertThat(client.closed().get(5, TimeUnit.SECONDS)).isEqualTo("BYE from the node");
            await().atMost(Duration.ofSeconds(5)).until(() -> !node.responses().isEmpty());
            assertThat(node.responses().get(0).getStatusCode()).isEqualTo(200);
            assertThat(node.responses().get(0).getCSeq().getMethod()).isEqualTo("BYE");
        }
    }

    @Test
    void connectionLossFailsEveryPendingCommandAndTellsListeners() throws Exception {
        try (ChatClient client = ChatClient.open(node.options())) {
            ChatEvents events = client.events();
            CompletableFuture<?> first = client.requri();
            CompletableFuture<?> second = client.getServerInfo();
            await().atMost(Duration.ofSeconds(5)).until(() -> node.commands().size() == 2);

            node.dropConnection();

            assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectionLostException.class);
            assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectionLostException.class);
            assertThat(events.next(ChatEvent.Closed.class, e -> true, Duration.ofSeconds(5))).isPresent();
            assertThatThrownBy(() -> client.requri().get(5, TimeUnit.SECONDS))
                    .as("after the end, at once").hasCauseInstanceOf(ConnectionLostException.class);
            assertThatThrownBy(() -> client.post(CommandCorrelationTest.ROOM, "x").get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ConnectionLostException.class);
        }
    }

    @Test
    void optionsIsAnswered200() throws Exception {
        try (ChatClient client = ChatClient.open(node.options())) {
            assertThat(node.pushOptions().get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
        }
    }
}
