package io.pchat.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pchat.storage.config.Setting;

/** The loader reads each setting by its constant and as its own kind, or fails naming the key. */
class SettingValuesTest {
    final SettingValues values = new SettingValues(Map.of("sip.port", 5062, "sip.idleTimeout", Duration.ofSeconds(9)));

    @Test
    void readsAValueByItsOwnKind() {
        assertThat(values.integer(NodeSettings.SIP_PORT)).isEqualTo(5062);
        assertThat(values.duration(NodeSettings.SIP_IDLE_TIMEOUT)).isEqualTo(Duration.ofSeconds(9));
        assertThat(values.optional(NodeSettings.SIP_POOL_URI)).isEmpty();
        assertThat(values.isSet(NodeSettings.SIP_PORT)).isTrue();
        assertThat(values.isSet(NodeSettings.SIP_POOL_URI)).isFalse();
    }

    @Test
    void readingASettingAsAnotherKindOrOneTheSchemaDoesNotListIsABugNamedAtOnce() {
        assertThatThrownBy(() -> values.duration(NodeSettings.SIP_PORT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sip.port").hasMessageContaining("INT");
        assertThatThrownBy(() -> values.integer(Setting.integer("sip.prot", 1, 0, 9, "a typo")))
                .hasMessageContaining("sip.prot, which is not a setting");
        // the schema's key, written a second time with another default: not the schema's setting either
        assertThatThrownBy(() -> values.integer(Setting.integer("sip.port", 5060, 0, 65535, "a copy")))
                .hasMessageContaining("sip.port, which is not a setting");
    }
}
