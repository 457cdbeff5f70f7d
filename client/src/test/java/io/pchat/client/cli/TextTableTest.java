package io.pchat.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Columns line up on a terminal whatever the characters: wide ones take two columns, combining marks none. */
class TextTableTest {

    @Test
    void wideCharactersAndEmojiCountTwoColumnsAndCombiningMarksNone() {
        assertThat(TextTable.displayWidth("Lobby")).isEqualTo(5);
        assertThat(TextTable.displayWidth("☕ break")).isEqualTo(8);
        assertThat(TextTable.displayWidth("会議室")).isEqualTo(6);
        assertThat(TextTable.displayWidth("한국어")).isEqualTo(6);
        assertThat(TextTable.displayWidth("🚀x")).isEqualTo(3);
        assertThat(TextTable.displayWidth("e\u0301te\u0301")).as("été written with combining accents").isEqualTo(3);
        assertThat(TextTable.displayWidth("ＡＢ")).as("full-width Latin").isEqualTo(4);
    }

    @Test
    void theSecondColumnStartsAtTheSameTerminalColumnOnEveryRow() {
        String table = TextTable.format(List.of(List.of("name", "uri"), List.of("☕ break", "ma-chan://a"),
                List.of("会議室", "ma-chan://b"), List.of("Lobby", "ma-chan://c")));

        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(4);
        for (String line : lines) {
            int column = TextTable.displayWidth(line.substring(0, line.indexOf(line.contains("ma-chan") ? "ma-chan" : "uri")));
            assertThat(column).as(line).isEqualTo(TextTable.displayWidth("☕ break") + 2);
        }
    }
}
