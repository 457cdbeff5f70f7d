package io.pchat.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link LinkFrameDecoder} on an embedded channel that remembers every buffer fed to it, so a
 * test can prove at the end that none leaked.
 */
final class DecoderHarness {

    private final EmbeddedChannel channel;
    private final List<ByteBuf> inputs = new ArrayList<>();

    DecoderHarness() {
        this(LinkFormat.DEFAULT_MAX_FRAME_BYTES);
    }

    DecoderHarness(int maxFrameBytes) {
        channel = new EmbeddedChannel(new LinkFrameDecoder(maxFrameBytes));
    }

    /** Feeds the bytes as one read and returns the frames it produced. */
    List<LinkFrame> feed(byte[] bytes) {
        if (bytes.length == 0) {
            return List.of(); // Unpooled's empty buffer is never released; there is nothing to feed anyway
        }
        ByteBuf buf = Unpooled.copiedBuffer(bytes);
        inputs.add(buf);
        channel.writeInbound(buf); // rethrows anything that reached the pipeline
        return drain();
    }

    /** Feeds the bytes as reads of {@code chunk} bytes each (the last may be shorter). */
    List<LinkFrame> feedInChunks(byte[] bytes, int chunk) {
        List<LinkFrame> frames = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += chunk) {
            frames.addAll(feed(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunk))));
        }
        return frames;
    }

    /** Closes the channel, as a peer hanging up does, and returns what that produced. */
    List<LinkFrame> close() {
        channel.close();
        List<LinkFrame> frames = drain();
        channel.checkException();
        return frames;
    }

    /** Ends the channel and checks that no input buffer was left unreleased. */
    void finish() {
        channel.checkException();
        assertThat(channel.finishAndReleaseAll()).as("nothing left unread").isFalse();
        assertThat(inputs).as("every input buffer released").allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    EmbeddedChannel channel() {
        return channel;
    }

    private List<LinkFrame> drain() {
        List<LinkFrame> frames = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            frames.add((LinkFrame) o);
        }
        return frames;
    }
}
