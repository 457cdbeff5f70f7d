package io.pchat.storage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The storage's own validation uses the settings written once in {@link StorageSettings}. */
class StorageConfigTest {
    private static StorageConfig.Builder builder() {
        return StorageConfig.builder().primary(EndpointConfig.of("jdbc:h2:mem:config-test"));
    }

    @Test
    void theBuildersDefaultsAreTheSettingsDefaults() {
        StorageConfig config = builder().build();
        assertThat(config.groupCommitMaxBatch()).isEqualTo(StorageSettings.GROUP_COMMIT_MAX_BATCH.defaultInt());
        assertThat(config.shipInterval()).isEqualTo(StorageSettings.SHIP_INTERVAL.defaultDuration());
        assertThat(config.historyCacheMessages()).isEqualTo(StorageSettings.CACHE_HISTORY_MESSAGES.defaultInt());
        assertThat(config.primary().maxPoolSize()).isEqualTo(StorageSettings.maxPoolSize("primary").defaultInt());
    }

    @Test
    void aValueOutsideTheSettingsBoundsIsRefusedNamingTheKeyAndTheBounds() {
        assertThatThrownBy(() -> builder().groupCommitMaxBatch(10_001).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("storage.groupCommit.maxBatch").hasMessageContaining("between 1 and 10000");
        assertThatThrownBy(() -> builder().shipInterval(Duration.ofMillis(5)).build())
                .hasMessageContaining("storage.shipInterval").hasMessageContaining("between 10ms and 1h");
        assertThatThrownBy(() -> builder().primary(new EndpointConfig("jdbc:h2:mem:x", "", "", 0)).build())
                .hasMessageContaining("storage.primary.maxPoolSize");
    }

    @Test
    void everyStorageSettingIsListedOnceInFileOrder() {
        assertThat(StorageSettings.all()).extracting(Setting::key).doesNotHaveDuplicates()
                .startsWith("storage.primary.url", "storage.primary.user", "storage.primary.password",
                        "storage.primary.maxPoolSize")
                .contains("storage.backup.maxPoolSize", "storage.cache.historyMessages");
    }
}
