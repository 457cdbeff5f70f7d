package io.pchat.protocol.xccos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class XccosTimeTest {

    @Test
    void formats_utc_with_exactly_seven_fraction_digits_and_Z() {
        assertThat(XccosTime.format(Instant.parse("2026-11-26T09:00:01.1234567Z")))
                .isEqualTo("2026-11-26T09:00:01.1234567Z");
        assertThat(XccosTime.format(Instant.parse("2026-11-26T09:00:01Z")))
                .isEqualTo("2026-11-26T09:00:01.0000000Z");
        assertThat(XccosTime.format(Instant.parse("0001-01-01T00:00:00Z")))
                .isEqualTo("0001-01-01T00:00:00.0000000Z");
    }

    @Test
    void formatting_cuts_nanoseconds_to_100ns_ticks_without_rounding() {
        assertThat(XccosTime.format(Instant.parse("2026-11-26T09:00:01.123456789Z")))
                .isEqualTo("2026-11-26T09:00:01.1234567Z");
        assertThat(XccosTime.format(Instant.parse("2026-12-31T23:59:59.999999999Z")))
                .isEqualTo("2026-12-31T23:59:59.9999999Z");
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-26T09:00:01Z,           2026-11-26T09:00:01.0000000Z",
        "2026-11-26T09:00:01.1Z,         2026-11-26T09:00:01.1000000Z",
        "2026-11-26T09:00:01.12Z,        2026-11-26T09:00:01.1200000Z",
        "2026-11-26T09:00:01.123Z,       2026-11-26T09:00:01.1230000Z",
        "2026-11-26T09:00:01.1234Z,      2026-11-26T09:00:01.1234000Z",
        "2026-11-26T09:00:01.12345Z,     2026-11-26T09:00:01.1234500Z",
        "2026-11-26T09:00:01.123456Z,    2026-11-26T09:00:01.1234560Z",
        "2026-11-26T09:00:01.1234567Z,   2026-11-26T09:00:01.1234567Z",
        "2026-11-26T09:00:01.12345678Z,  2026-11-26T09:00:01.1234567Z",
        "2026-11-26T09:00:01.123456789Z, 2026-11-26T09:00:01.1234567Z",
    })
    void reads_zero_to_nine_fraction_digits_and_writes_seven(String input, String written) {
        Instant time = XccosTime.parse(input).orElseThrow();
        assertThat(time).isEqualTo(Instant.parse(input));
        assertThat(XccosTime.format(time)).isEqualTo(written);
        assertThat(XccosTime.parse(written)).contains(XccosTime.truncate(time));
    }

    @Test
    void reads_digits_beyond_the_ninth_and_drops_them() {
        assertThat(XccosTime.parse("2026-11-26T09:00:01.1234567891234Z"))
                .contains(Instant.parse("2026-11-26T09:00:01.123456789Z"));
    }

    @Test
    void a_missing_zone_is_read_as_utc() {
        assertThat(XccosTime.parse("2026-11-26T09:00:01.5")).contains(Instant.parse("2026-11-26T09:00:01.5Z"));
        assertThat(XccosTime.parse("2026-11-26T09:00:01")).contains(Instant.parse("2026-11-26T09:00:01Z"));
    }

    @Test
    void numeric_offsets_are_moved_to_utc() {
        assertThat(XccosTime.parse("2026-11-26T10:00:01+01:00")).contains(Instant.parse("2026-11-26T09:00:01Z"));
        assertThat(XccosTime.parse("2026-11-26T04:30:01.25-0430")).contains(Instant.parse("2026-11-26T09:00:01.25Z"));
    }

    @Test
    void lower_case_t_and_z_are_accepted() {
        assertThat(XccosTime.parse("2026-11-26t09:00:01z")).contains(Instant.parse("2026-11-26T09:00:01Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-11-26", "2026-11-26 09:00:01Z", "2026-11-26T09:00Z", "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z", "2026-11-26T24:00:00Z", "2026-11-26T09:00:60Z", "2026-11-26T09:00:01.Z",
        "2026-11-26T09:00:01ZZ", "2026-11-26T09:00:01+25:00", "2026-11-26T09:00:01+1:00", "+2026-11-26T09:00:01Z",
        "20261126T090001Z", "2026-11-26T09:00:01.1234567 Z", "２０２６-11-26T09:00:01Z", "9999-12-31T23:59:59-01:00"})
    void refuses_what_is_not_an_xccos_time(String input) {
        assertThat(XccosTime.parse(input)).isEmpty();
    }

    @Test
    void refuses_to_format_years_outside_four_digits() {
        assertThatThrownBy(() -> XccosTime.format(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XccosTime.format(Instant.parse("-0001-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(XccosTime.format(XccosTime.MAX)).isEqualTo("9999-12-31T23:59:59.9999999Z");
        assertThat(XccosTime.format(XccosTime.MIN)).isEqualTo("0000-01-01T00:00:00.0000000Z");
    }
}
