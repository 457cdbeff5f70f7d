package io.pchat.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pchat.client.ChatClient;
import io.pchat.client.ClientOptions;
import io.pchat.server.admin.AdminSettings;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;

/** sip.traceUsers: the SIP messages of a traced user's connection are logged in full, others' not. */
class SipTraceTest {

    @Test
    void onlyTheTracedUsersMessagesAreLogged(@TempDir Path dir) throws Exception {
        Logger trace = (Logger) LoggerFactory.getLogger("io.pchat.sip.trace");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        trace.addAppender(lines);
        NodeConfig embedded = NodeConfig.embedded(dir);
        ChatNode node = new ChatNode(embedded.withSessions(embedded.sessions().toBuilder().port(0)
                .traceUsers(List.of("SIP:Alice@example.com")).build()).withFilePort(0)
                .withAdmin(AdminSettings.defaults().withPort(0)));
        node.start();
        try {
            ClientOptions base = ClientOptions.forUser("sip:bob@example.com").withServer("127.0.0.1", node.sipPort())
                    .withCommandTimeout(Duration.ofSeconds(10));
            try (ChatClient bob = ChatClient.open(base); ChatClient alice = ChatClient.open(
                    ClientOptions.forUser("sip:alice@example.com").withServer("127.0.0.1", node.sipPort()))) {
                assertThat(bob.requri().get().isOk()).isTrue();
                assertThat(alice.requri().get().isOk()).isTrue();
            }
        } finally {
            node.stop();
            trace.detachAppender(lines);
        }
        List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("INVITE sip:pchat@example.com").contains("sip:alice@example.com"));
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("cmd:requri"));
        assertThat(logged).anySatisfy(l -> assertThat(l).contains(">>>").contains("SIP/2.0 200"));
        assertThat(logged).noneSatisfy(l -> assertThat(l).contains("sip:bob@example.com"));
    }
}
