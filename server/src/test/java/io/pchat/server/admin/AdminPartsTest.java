package io.pchat.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.server.console.ConsoleSettings;
import io.pchat.storage.config.InvalidConfigurationException;

/** The small parts of the admin API: settings, token, routing table, times. */
class AdminPartsTest {

    @Test
    void settingsDefaultToLoopback8080AndRefuseABadPortOrAShortToken() {
        assertThat(AdminSettings.defaults()).isEqualTo(new AdminSettings("127.0.0.1", 8080, Optional.empty(),
                ConsoleSettings.defaults()));
        assertThatThrownBy(() -> AdminSettings.defaults().withPort(70_000))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("admin.port:");
        assertThatThrownBy(() -> AdminSettings.defaults().withToken("short"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("admin.token:");
    }

    @Test
    void aTokenIsGeneratedOnceThenReadBack(@TempDir Path dir) throws Exception {
        AdminToken first = AdminToken.resolve(Optional.empty(), dir);
        String written = Files.readString(dir.resolve(AdminToken.FILE_NAME)).strip();
        AdminToken again = AdminToken.resolve(Optional.empty(), dir);
        assertThat(Files.readString(dir.resolve(AdminToken.FILE_NAME)).strip()).isEqualTo(written);
        assertThat(first.accepts("Bearer " + written)).isTrue();
        assertThat(again.accepts("bearer " + written)).isTrue();
        assertThat(again.accepts("Bearer " + written.substring(1))).isFalse();
        assertThat(again.accepts(null)).isFalse();
        assertThat(AdminToken.generate()).isNotEqualTo(AdminToken.generate());
    }

    @Test
    void routesMatchTemplatesDecodeSegmentsAndTellWrongMethodsFromUnknownPaths() throws Exception {
        AdminRoutes routes = new AdminRoutes()
                .add("GET", "/rooms/{room}", r -> AdminResponse.noContent())
                .add("DELETE", "/rooms/{room}", r -> AdminResponse.noContent());
        assertThat(routes.match("GET", "/rooms/C++%20Guild/").params()).containsEntry("room", "C++ Guild");
        assertThat(routes.match("GET", "/rooms/ma-chan:%2F%2Fx%2Fid").params()).containsEntry("room", "ma-chan://x/id");
        assertThatThrownBy(() -> routes.match("POST", "/rooms/x"))
                .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.status()).isEqualTo(405))
                .hasMessageContaining("GET, DELETE");
        assertThatThrownBy(() -> routes.match("GET", "/rooms/x/y"))
                .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void timesAreDatesInstantsOrOffsetTimes() {
        assertThat(AdminTimes.parse("from", "2026-11-26")).hasToString("2026-11-26T00:00:00Z");
        assertThat(AdminTimes.parse("from", "2026-11-26T10:00:00Z")).hasToString("2026-11-26T10:00:00Z");
        assertThat(AdminTimes.parse("from", "2026-11-26T11:00:00+01:00")).hasToString("2026-11-26T10:00:00Z");
        assertThatThrownBy(() -> AdminTimes.parse("before", "soon")).hasMessageStartingWith("'before' must be");
    }
}
