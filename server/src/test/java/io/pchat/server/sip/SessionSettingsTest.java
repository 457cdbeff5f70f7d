package io.pchat.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SessionSettingsTest {

    @Test
    void theDefaultsAreThoseOfALoopbackNodeOnPort5041() {
        SessionSettings s = SessionSettings.defaults();

        assertThat(s.bindHost()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(5041);
        assertThat(s.poolUri()).isEqualTo("sip:pchat@example.com");
        assertThat(s.legacyUri()).isEqualTo("sip:ocschat@example.com");
        assertThat(s.sessionExpiresSeconds()).isEqualTo(1800);
        assertThat(s.nodeTransactionTimeout()).isEqualTo(Duration.ofSeconds(32));
        assertThat(s.authMode()).isEqualTo(AuthMode.NONE);
        assertThat(s.digestRealm()).isEqualTo("example.com");
        assertThat(s.nodeUriFor("127.0.0.1", 5041)).isEqualTo("sip:node1@127.0.0.1:5041;transport=tcp");
    }

    @Test
    void theServiceUrisFollowTheDomainUnlessGiven() {
        SessionSettings s = SessionSettings.builder().domain("Chat.Example.ORG").nodeUri("sip:n7@10.0.0.7:5041").build();

        assertThat(s.poolUri()).isEqualTo("sip:pchat@chat.example.org");
        assertThat(s.nodeUriFor("127.0.0.1", 1)).isEqualTo("sip:n7@10.0.0.7:5041");
    }

    @Test
    void aSessionIntervalBelowNinetySecondsIsRefused() {
        assertThatThrownBy(() -> SessionSettings.builder().sessionExpiresSeconds(89).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("90");
    }

    @Test
    void trustedModeNeedsTrustedPeersGivenAsIpLiterals() {
        assertThatThrownBy(() -> SessionSettings.builder().authMode(AuthMode.TRUSTED).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionSettings.builder().trustedPeers("frontend.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SessionSettings.builder().authMode(AuthMode.TRUSTED).trustedPeers("10.0.0.1", "::1").build().trustedPeers())
                .hasSize(2);
    }

    @Test
    void nonPositiveLimitsAndDurationsAreRefused() {
        assertThatThrownBy(() -> SessionSettings.builder().maxConnections(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionSettings.builder().timerTick(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionSettings.builder().port(65536).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionSettings.builder().poolUri("pchat@example.com").build()).isInstanceOf(IllegalArgumentException.class);
    }
}
