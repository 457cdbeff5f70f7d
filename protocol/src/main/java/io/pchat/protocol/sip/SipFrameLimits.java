package io.pchat.protocol.sip;

/**
 * Size limits that a {@link SipFrameDecoder} enforces on every message of one connection.
 *
 * <p>Invariant: both limits are positive. The header limit counts the start line, every header
 * line and the terminating empty line; the body limit counts {@code Content-Length} bytes.
 *
 * @param maxHeaderBlockBytes largest accepted header block; a larger one loses framing
 * @param maxBodyBytes largest accepted body; a larger one is answered 413 and skipped
 */
public record SipFrameLimits(int maxHeaderBlockBytes, int maxBodyBytes) {

    /** 16 KiB of headers, 64 KiB of body. */
    public static final SipFrameLimits DEFAULT = new SipFrameLimits(16 * 1024, 64 * 1024);

    public SipFrameLimits {
        if (maxHeaderBlockBytes <= 0) {
            throw new IllegalArgumentException("maxHeaderBlockBytes must be positive: " + maxHeaderBlockBytes);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
    }
}
