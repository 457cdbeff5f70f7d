package io.pchat.protocol.xccos;

import io.pchat.protocol.xccos.XccosDecodeResult.Kind;

import java.time.Instant;
import java.util.Optional;

/** The attributes of one start tag, looked up case-insensitively, with the value syntaxes of XCCOS. */
final class XccosAttributes {

    private final String element;
    private final String[] names;
    private final String[] values;
    private final int count;

    XccosAttributes(String element, String[] names, String[] values, int count) {
        this.element = element;
        this.names = names;
        this.values = values;
        this.count = count;
    }

    /** The value, or null if absent; the first wins if names differ only in case. */
    String get(String name) {
        for (int i = 0; i < count; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    String required(String name) throws XccosProblem {
        String value = get(name);
        if (value == null || value.isEmpty()) {
            throw new XccosProblem(Kind.INVALID_VALUE, "<" + element + "> lacks attribute " + name);
        }
        return value;
    }

    /** An optional value: absent or blank is null. */
    private String optional(String name) {
        String value = get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    long nonNegativeLong(String name) throws XccosProblem {
        Long value = optLong(name);
        if (value == null) {
            throw new XccosProblem(Kind.INVALID_VALUE, "<" + element + "> lacks attribute " + name);
        }
        return value;
    }

    int nonNegativeInt(String name) throws XccosProblem {
        Integer value = optInt(name);
        if (value == null) {
            throw new XccosProblem(Kind.INVALID_VALUE, "<" + element + "> lacks attribute " + name);
        }
        return value;
    }

    Long optLong(String name) throws XccosProblem {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        if (value.length() > 19 || !Numbers.allAsciiDigits(value)) {
            throw bad(name, value, "a number from 0 to " + Long.MAX_VALUE);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw bad(name, value, "a number from 0 to " + Long.MAX_VALUE);
        }
    }

    Integer optInt(String name) throws XccosProblem {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        if (value.length() > 10 || !Numbers.allAsciiDigits(value)) {
            throw bad(name, value, "a number from 0 to " + Integer.MAX_VALUE);
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw bad(name, value, "a number from 0 to " + Integer.MAX_VALUE);
        }
    }

    long envid(String name) throws XccosProblem {
        String value = optional(name);
        if (value == null) {
            throw new XccosProblem(Kind.INVALID_VALUE, "<" + element + "> lacks attribute " + name);
        }
        try {
            return Envelope.parseEnvid(value);
        } catch (IllegalArgumentException e) {
            throw bad(name, value, "an unsigned 64-bit number (1 to 20 digits, at most 18446744073709551615)");
        }
    }

    /** {@code true}/{@code false} in any case, or {@code 1}/{@code 0} as XML Schema allows. */
    Boolean optBool(String name) throws XccosProblem {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        if (value.equalsIgnoreCase("true") || value.equals("1")) {
            return Boolean.TRUE;
        }
        if (value.equalsIgnoreCase("false") || value.equals("0")) {
            return Boolean.FALSE;
        }
        throw bad(name, value, "true or false");
    }

    Instant optTime(String name) throws XccosProblem {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        Optional<Instant> time = XccosTime.parse(value);
        if (time.isEmpty()) {
            throw bad(name, value, "an ISO-8601 UTC time such as 2026-11-26T09:00:01.1234567Z");
        }
        return time.get();
    }

    Instant requiredTime(String name) throws XccosProblem {
        Instant time = optTime(name);
        if (time == null) {
            throw new XccosProblem(Kind.INVALID_VALUE, "<" + element + "> lacks attribute " + name);
        }
        return time;
    }

    private XccosProblem bad(String name, String value, String expected) {
        return new XccosProblem(Kind.INVALID_VALUE, "<" + element + "> attribute " + name + " is "
                + Texts.quote(value) + ", expected " + expected);
    }
}
