package io.pchat.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.pchat.server.sip.FrontEndMode;
import picocli.CommandLine;

/** The options of {@code pchat node} that issue #5 added, read into the node's configuration. */
class NodeCommandTest {

    private static NodeCommand parse(String... args) {
        NodeCommand command = new NodeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private static final java.util.Map<String, String> NO_ENVIRONMENT = java.util.Map.of();

    @Test
    void theFrontEndIsBuiltinByDefaultAndExternalOnRequest() throws Exception {
        assertThat(parse().config(NO_ENVIRONMENT).sessions().frontEnd()).isEqualTo(FrontEndMode.BUILTIN);
        assertThat(parse("--front-end", "external").config(NO_ENVIRONMENT).sessions().frontEnd())
                .isEqualTo(FrontEndMode.EXTERNAL);
        assertThat(parse("--front-end", "external").config(NO_ENVIRONMENT).describe()).contains("sip.frontEnd=external");
        assertThatThrownBy(() -> parse("--front-end", "proxy").config(NO_ENVIRONMENT))
                .isInstanceOf(io.pchat.storage.config.InvalidConfigurationException.class)
                .hasMessageContaining("sip.frontEnd").hasMessageContaining("builtin, external");
    }

    @Test
    void optionsOverrideTheConfigurationFileAndTheEnvironment(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("pchat.yaml");
        java.nio.file.Files.writeString(file, "sip:\n  port: 5062\n  domain: contoso.com\n");
        var config = parse("--config", file.toString(), "--sip-port", "5070")
                .config(java.util.Map.of("PCHAT_SIP_DOMAIN", "fabrikam.com"));
        assertThat(config.sessions().port()).isEqualTo(5070);
        assertThat(config.sessions().domain()).isEqualTo("fabrikam.com");
    }

    @Test
    void createRoomIsRepeatableAndHiddenFromHelp() {
        assertThat(parse("--create-room", "R&D <Ünïcode> ✓", "--create-room", "Second").createRooms)
                .containsExactly("R&D <Ünïcode> ✓", "Second");
        assertThat(new CommandLine(new NodeCommand()).getUsageMessage()).contains("--front-end").doesNotContain("--create-room");
    }
}
