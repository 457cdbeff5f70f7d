package io.pchat.protocol.xccos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatUriTest {

    @Test
    void a_room_uri_is_ma_chan_domain_slash_id() {
        RoomUri room = RoomUri.parse("ma-chan://example.com/0b4c6a4e-2d1f-4c55-9a3e-7f1e2a9b8c01").orElseThrow();
        assertThat(room.domain()).isEqualTo("example.com");
        assertThat(room.id()).isEqualTo("0b4c6a4e-2d1f-4c55-9a3e-7f1e2a9b8c01");
        assertThat(room).hasToString("ma-chan://example.com/0b4c6a4e-2d1f-4c55-9a3e-7f1e2a9b8c01");
    }

    @Test
    void a_category_uri_is_ma_cat_domain_slash_id() {
        CategoryUri cat = CategoryUri.parse("ma-cat://example.com/root").orElseThrow();
        assertThat(cat).isEqualTo(CategoryUri.of("example.com", "root"));
        assertThat(cat).hasToString("ma-cat://example.com/root");
    }

    @Test
    void ids_and_domains_compare_case_insensitively_and_keep_their_case_for_output() {
        RoomUri upper = RoomUri.parse("MA-CHAN://Example.COM/0B4C6A4E").orElseThrow();
        RoomUri lower = RoomUri.of("example.com", "0b4c6a4e");
        assertThat(upper).isEqualTo(lower).hasSameHashCodeAs(lower);
        assertThat(upper).hasToString("ma-chan://Example.COM/0B4C6A4E");
        assertThat(RoomUri.of("example.com", "ſtraße")).isEqualTo(RoomUri.of("example.com", "Straße"))
                .hasSameHashCodeAs(RoomUri.of("example.com", "Straße"));
    }

    @Test
    void rooms_and_categories_with_the_same_parts_differ() {
        assertThat((Object) RoomUri.of("example.com", "x")).isNotEqualTo(CategoryUri.of("example.com", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ma-chan://", "ma-chan://example.com", "ma-chan://example.com/", "ma-chan:///id",
        "ma-chan://example.com/a/b", "ma-chan://exa mple.com/id", "ma-chan://example.com/i\td", "ma-cat://example.com/id",
        "http://example.com/id", "ma-chan:/example.com/id", "sip:alice@example.com"})
    void refuses_what_is_not_a_room_uri(String text) {
        assertThat(RoomUri.parse(text)).isEmpty();
    }

    @Test
    void parse_tolerates_null() {
        assertThat(RoomUri.parse(null)).isEmpty();
        assertThat(ChatUri.parse(null)).isEmpty();
    }

    @Test
    void the_factory_for_trusted_code_throws_on_bad_parts() {
        assertThatThrownBy(() -> RoomUri.of("example.com", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomUri.of("example.com", "a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CategoryUri.of(null, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chat_uri_parses_either_kind() {
        assertThat(ChatUri.parse("ma-chan://example.com/r")).containsInstanceOf(RoomUri.class);
        assertThat(ChatUri.parse("ma-cat://example.com/c")).containsInstanceOf(CategoryUri.class);
        assertThat(ChatUri.parse("ma-filelink://example.com/r/f")).isEmpty();
    }

    @Test
    void a_room_splits_into_a_chanid_and_back() {
        RoomUri room = RoomUri.of("example.com", "r1");
        Chanid chanid = room.toChanid("0");
        assertThat(chanid).isEqualTo(new Chanid("0", "example.com", "r1"));
        assertThat(chanid.roomUri()).contains(room);
        assertThat(new Chanid("0", "example.com", "bad/id").roomUri()).isEmpty();
    }

    @Test
    void a_file_link_is_domain_room_id_and_file_id() {
        FileLink link = FileLink.parse("ma-filelink://example.com/r1/f-77").orElseThrow();
        assertThat(link.room()).isEqualTo(RoomUri.of("example.com", "r1"));
        assertThat(link.fileId()).isEqualTo("f-77");
        assertThat(link).hasToString("ma-filelink://example.com/r1/f-77");
        assertThat(FileLink.of(RoomUri.of("EXAMPLE.com", "R1"), "F-77")).isEqualTo(link).hasSameHashCodeAs(link);
        assertThat(FileLink.parse("ma-filelink://example.com/r1")).isEmpty();
        assertThat(FileLink.parse("ma-filelink://example.com/r1/f/g")).isEmpty();
    }
}
