package io.pchat.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;

/**
 * Chat limits saved by the admin API ({@code pchat admin config set}) are in force from the next
 * start, and the settings the node logs at start show them, not the configuration's.
 */
class SavedChatLimitsTest {

    @Test
    void theStartupSettingsDumpShowsTheSavedValueInForce(@TempDir Path dir) throws Exception {
        NodeConfig embedded = NodeConfig.embedded(dir);
        NodeConfig.ChatLimits configured = embedded.chat();
        ChatLimitsFile.write(dir, new NodeConfig.ChatLimits(configured.defaultChatHistory() + 20,
                configured.messageSizeLimit(), configured.storySizeLimit(), configured.searchLimit(),
                configured.participantUpdateLimit(), configured.fileSizeLimitKb(), configured.fileTokenLifetime()));
        Logger nodeLog = (Logger) LoggerFactory.getLogger(ChatNode.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        nodeLog.addAppender(lines);
        ChatNode node = new ChatNode(embedded.withSessions(embedded.sessions().toBuilder().port(0).build()).withFilePort(0)
                .withAdmin(AdminSettings.defaults().withPort(0)));
        try {
            node.start();
        } finally {
            node.stop();
            nodeLog.detachAppender(lines);
        }
        List<String> dump = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("starting chat node with")).toList();

        assertThat(dump).hasSize(1);
        assertThat(dump.get(0)).contains("chat.defaultChatHistory=" + (configured.defaultChatHistory() + 20))
                .doesNotContain("chat.defaultChatHistory=" + configured.defaultChatHistory() + "\n");
    }
}
