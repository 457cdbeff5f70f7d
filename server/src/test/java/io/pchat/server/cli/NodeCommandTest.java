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

    @Test
    void theFrontEndIsBuiltinByDefaultAndExternalOnRequest() {
        assertThat(parse().config().sessions().frontEnd()).isEqualTo(FrontEndMode.BUILTIN);
        assertThat(parse("--front-end", "external").config().sessions().frontEnd()).isEqualTo(FrontEndMode.EXTERNAL);
        assertThat(parse("--front-end", "external").config().describe()).contains("sip.frontEnd=external");
        assertThatThrownBy(() -> parse("--front-end", "proxy").config()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createRoomIsRepeatableAndHiddenFromHelp() {
        assertThat(parse("--create-room", "R&D <Ünïcode> ✓", "--create-room", "Second").createRooms)
                .containsExactly("R&D <Ünïcode> ✓", "Second");
        assertThat(new CommandLine(new NodeCommand()).getUsageMessage()).contains("--front-end").doesNotContain("--create-room");
    }
}
