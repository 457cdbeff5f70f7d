package io.pchat.server.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Times in admin calls: an ISO-8601 instant ({@code 2026-11-26T10:00:00Z}), a date-time with an
 * offset ({@code 2026-11-26T11:00:00+01:00}) or a date ({@code 2026-11-26}: its start, UTC).
 * Anything else is a 400 naming the parameter.
 */
final class AdminTimes {
    private AdminTimes() {
    }

    static Instant parse(String parameter, String text) {
        String t = text.strip();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (t.endsWith("Z") || t.endsWith("z")) {
                return Instant.parse(t.toUpperCase(Locale.ROOT));
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw AdminException.badRequest("'" + parameter + "' must be a date (2026-11-26) or an ISO-8601 time"
                    + " (2026-11-26T10:00:00Z), was '" + text + "'");
        }
    }
}
