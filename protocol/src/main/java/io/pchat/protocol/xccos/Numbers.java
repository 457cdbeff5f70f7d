package io.pchat.protocol.xccos;

/** The number syntax XCCOS attributes share: plain ASCII decimal digits, no sign, no exponent. */
final class Numbers {

    private Numbers() {
    }

    static boolean allAsciiDigits(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static long requireNonNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
        return value;
    }

    static Integer requireNonNegative(String what, Integer value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
        return value;
    }

    static Long requireNonNegative(String what, Long value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
        return value;
    }
}
