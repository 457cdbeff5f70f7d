package io.pchat.protocol.xccos;

/**
 * The bounds {@link XccosReader} enforces while reading, so that no input makes it use more than
 * a small, known amount of memory and time.
 *
 * <p>Invariant: every limit is positive.
 *
 * @param maxInputBytes   the largest body read, in bytes
 * @param maxDepth        the deepest element nesting, the root being depth 1
 * @param maxElements     the most elements in one body, skipped (unknown) ones included
 * @param maxAttributeChars the longest attribute value, in chars
 * @param maxTextChars    the longest text content of one element, in chars
 */
public record XccosLimits(int maxInputBytes, int maxDepth, int maxElements, int maxAttributeChars,
        int maxTextChars) {

    /**
     * 64 KiB of input, depth 16 (the deepest real shape is 6), 10,000 elements, attributes and
     * texts of 32 Ki chars (base64 preference content is the longest attribute).
     */
    public static final XccosLimits DEFAULTS = new XccosLimits(64 * 1024, 16, 10_000, 32 * 1024, 32 * 1024);

    public XccosLimits {
        requirePositive("maxInputBytes", maxInputBytes);
        requirePositive("maxDepth", maxDepth);
        requirePositive("maxElements", maxElements);
        requirePositive("maxAttributeChars", maxAttributeChars);
        requirePositive("maxTextChars", maxTextChars);
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
    }
}
