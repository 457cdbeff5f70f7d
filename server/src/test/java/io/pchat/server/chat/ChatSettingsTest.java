package io.pchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The chat.* settings: defaults, and errors that name the key. */
class ChatSettingsTest {
    private static final URI FILES = URI.create("https://127.0.0.1:8443/files");

    @Test
    void theDefaultsAreThoseOfTheProtocol() {
        ChatSettings s = ChatSettings.builder(FILES).build();

        assertThat(s.domain()).isEqualTo("example.com");
        assertThat(s.defaultChatHistory()).isEqualTo(30);
        assertThat(s.messageSizeLimit()).isEqualTo(512);
        assertThat(s.storySizeLimit()).isEqualTo(4096);
        assertThat(s.searchLimit()).isEqualTo(999);
        assertThat(s.participantUpdateLimit()).isEqualTo(75);
        assertThat(s.fileSizeLimitKb()).isEqualTo(20_000);
        assertThat(s.fileTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.fileServerUri()).isEqualTo(FILES);
        assertThat(s.toBuilder().build()).isEqualTo(s);
    }

    @Test
    void anInvalidValueIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> ChatSettings.builder(FILES).defaultChatHistory(0).build())
                .hasMessageStartingWith("chat.defaultChatHistory:");
        assertThatThrownBy(() -> ChatSettings.builder(FILES).defaultChatHistory(501).build())
                .hasMessageStartingWith("chat.defaultChatHistory:");
        assertThatThrownBy(() -> ChatSettings.builder(FILES).domain("a b").build()).hasMessageStartingWith("chat.domain:");
        assertThatThrownBy(() -> ChatSettings.builder(FILES).searchLimit(0).build()).hasMessageStartingWith("chat.searchLimit:");
        assertThatThrownBy(() -> ChatSettings.builder(FILES).fileTokenLifetime(Duration.ZERO).build())
                .hasMessageStartingWith("chat.fileTokenLifetime:");
        assertThatThrownBy(() -> ChatSettings.builder(FILES).fileServerUri(URI.create("/files")).build())
                .hasMessageStartingWith("chat.fileServerUri:");
    }

    @Test
    void postsAreMeasuredInUtf8Bytes() {
        assertThat(Posts.utf8Length("abc")).isEqualTo(3);
        assertThat(Posts.utf8Length("é")).isEqualTo(2);
        assertThat(Posts.utf8Length("€")).isEqualTo(3);
        assertThat(Posts.utf8Length("😀")).isEqualTo(4);
        assertThat(Posts.utf8Length("\uD800")).isEqualTo(3);
    }
}
