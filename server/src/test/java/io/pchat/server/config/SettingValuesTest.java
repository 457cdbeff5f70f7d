package io.pchat.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The loader reads each setting by the kind the schema gives it, or fails naming the key. */
class SettingValuesTest {
    final SettingValues values = new SettingValues(Map.of("sip.port", 5062, "sip.idleTimeout", Duration.ofSeconds(9)));

    @Test
    void readsAValueByItsOwnKind() {
        assertThat(values.integer("sip.port")).isEqualTo(5062);
        assertThat(values.duration("sip.idleTimeout")).isEqualTo(Duration.ofSeconds(9));
        assertThat(values.optional("sip.poolUri")).isEmpty();
        assertThat(values.isSet("sip.port")).isTrue();
    }

    @Test
    void readingAKeyAsAnotherKindOrOneThatIsNotASettingIsABugNamedAtOnce() {
        assertThatThrownBy(() -> values.duration("sip.port")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sip.port").hasMessageContaining("INT");
        assertThatThrownBy(() -> values.integer("sip.prot")).hasMessageContaining("sip.prot, which is not a setting");
    }
}
