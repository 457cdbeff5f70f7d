package io.pchat.server.sip;

/**
 * Turns a problem description into a SIP reason phrase: one line of printable text, short enough
 * for a status line. Wire values quoted in problems cannot inject header lines through it.
 */
final class ReasonPhrase {

    private static final int MAX_LENGTH = 120;

    private ReasonPhrase() {
    }

    static String of(String problem) {
        StringBuilder out = new StringBuilder(Math.min(problem.length(), MAX_LENGTH));
        for (int i = 0; i < problem.length() && out.length() < MAX_LENGTH; i++) {
            char c = problem.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        String phrase = out.toString().strip();
        return phrase.isEmpty() ? "Bad Request" : phrase;
    }
}
