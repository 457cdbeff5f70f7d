package io.pchat.protocol.xccos;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The XCCOS time syntax: UTC ISO-8601 with exactly seven fraction digits (the 100 ns ticks of the
 * .NET servers that defined it) and {@code Z} on output, {@code 2026-11-26T09:00:01.1234567Z}.
 *
 * <p>On input any fraction length is accepted, or none (digits past the ninth are dropped), as is
 * a numeric offset ({@code +01:00}, {@code +0100}) and, liberally, no zone at all, read as UTC
 * because the protocol defines every time as UTC. Only years 0000..9999 exist on the wire.
 */
public final class XccosTime {

    /** The earliest representable time, 0000-01-01T00:00:00Z. */
    public static final Instant MIN = LocalDateTime.of(0, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);
    /** The latest representable time, 9999-12-31T23:59:59.9999999Z. */
    public static final Instant MAX = LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_900)
            .toInstant(ZoneOffset.UTC);

    private static final long TICK_NANOS = 100;

    private XccosTime() {
    }

    /** The time cut to the 100 ns the wire carries. */
    @SuppressWarnings("JavaInstantGetSecondsGetNano") // the sub-second part is what is cut
    public static Instant truncate(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS).plusNanos(time.getNano() % 1000 / TICK_NANOS * TICK_NANOS);
    }

    /**
     * Checks that a time fits the wire syntax and cuts it to 100 ns, as model records do with
     * every time they hold, so that what is written reads back equal.
     *
     * @throws IllegalArgumentException if the year is outside 0000..9999
     */
    static Instant requireRepresentable(String what, Instant time) {
        if (time == null) {
            return null;
        }
        if (time.isBefore(MIN) || time.isAfter(MAX)) {
            throw new IllegalArgumentException(what + " is outside years 0000..9999: " + time);
        }
        return truncate(time);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.fffffffZ}, the time cut (not rounded) to 100 ns. */
    public static String format(Instant time) {
        return appendTo(new StringBuilder(28), time).toString();
    }

    /**
     * Appends {@code yyyy-MM-ddTHH:mm:ss.fffffffZ}.
     *
     * @throws IllegalArgumentException if the year is outside 0000..9999
     */
    public static StringBuilder appendTo(StringBuilder out, Instant time) {
        Objects.requireNonNull(time, "time");
        if (time.isBefore(MIN) || time.isAfter(MAX)) {
            throw new IllegalArgumentException("time is outside years 0000..9999: " + time);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        digits(out, t.getYear(), 4).append('-');
        digits(out, t.getMonthValue(), 2).append('-');
        digits(out, t.getDayOfMonth(), 2).append('T');
        digits(out, t.getHour(), 2).append(':');
        digits(out, t.getMinute(), 2).append(':');
        digits(out, t.getSecond(), 2).append('.');
        return digits(out, time.getNano() / (int) TICK_NANOS, 7).append('Z');
    }

    private static StringBuilder digits(StringBuilder out, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(s);
    }

    /**
     * Reads a time: {@code yyyy-MM-ddTHH:mm:ss}, then an optional fraction of any length, then
     * {@code Z}, a numeric offset, or nothing (UTC). Empty for anything else, including
     * impossible dates and times outside years 0000..9999 once moved to UTC.
     */
    public static Optional<Instant> parse(CharSequence text) {
        if (text == null || text.length() < 19) {
            return Optional.empty();
        }
        CharSequence s = text;
        if (!digitsAt(s, 0, 4) || s.charAt(4) != '-' || !digitsAt(s, 5, 2) || s.charAt(7) != '-'
                || !digitsAt(s, 8, 2) || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || !digitsAt(s, 11, 2) || s.charAt(13) != ':' || !digitsAt(s, 14, 2)
                || s.charAt(16) != ':' || !digitsAt(s, 17, 2)) {
            return Optional.empty();
        }
        int i = 19;
        int nanos = 0;
        if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
            i++;
            int start = i;
            int scale = 100_000_000;
            while (i < s.length() && isDigit(s.charAt(i))) {
                nanos += (s.charAt(i) - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) {
                return Optional.empty();
            }
        }
        int offsetSeconds = 0;
        if (i < s.length()) {
            char z = s.charAt(i);
            if ((z == 'Z' || z == 'z') && i + 1 == s.length()) {
                i++;
            } else if (z == '+' || z == '-') {
                int rest = s.length() - i - 1;
                int hours;
                int minutes;
                if (rest == 5 && digitsAt(s, i + 1, 2) && s.charAt(i + 3) == ':' && digitsAt(s, i + 4, 2)) {
                    hours = number(s, i + 1, 2);
                    minutes = number(s, i + 4, 2);
                } else if (rest == 4 && digitsAt(s, i + 1, 4)) {
                    hours = number(s, i + 1, 2);
                    minutes = number(s, i + 3, 2);
                } else {
                    return Optional.empty();
                }
                if (hours > 18 || minutes > 59) {
                    return Optional.empty();
                }
                offsetSeconds = (z == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
                i = s.length();
            } else {
                return Optional.empty();
            }
        }
        try {
            LocalDateTime local = LocalDateTime.of(number(s, 0, 4), number(s, 5, 2), number(s, 8, 2),
                    number(s, 11, 2), number(s, 14, 2), number(s, 17, 2), nanos);
            Instant time = local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
            return time.isBefore(MIN) || truncate(time).isAfter(MAX) ? Optional.empty() : Optional.of(time);
        } catch (DateTimeException e) {
            return Optional.empty(); // February 30th and the like
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean digitsAt(CharSequence s, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int number(CharSequence s, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }
}
