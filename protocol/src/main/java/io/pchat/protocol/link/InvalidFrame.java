package io.pchat.protocol.link;

import java.util.Objects;

/**
 * Emitted by {@link LinkFrameDecoder} (and {@link LinkFrames#decodeBody}) in place of input that is
 * not a valid frame; never encoded.
 *
 * <p>Invariant: {@code reason} is a non-empty, one-line English description naming the problem.
 * When {@code framingLost} is false only this frame was bad: its length was sound, the decoder
 * skipped it and the next frame decodes normally. When true the decoder can no longer find frame
 * boundaries and discards everything after this one: the connection owner must close the link.
 *
 * @param reason what was wrong, for the logs
 * @param framingLost whether the rest of the stream is unusable
 */
public record InvalidFrame(String reason, boolean framingLost) implements LinkFrame {

    public InvalidFrame {
        Objects.requireNonNull(reason, "reason");
        if (reason.isEmpty()) {
            throw new IllegalArgumentException("reason must not be empty");
        }
    }
}
