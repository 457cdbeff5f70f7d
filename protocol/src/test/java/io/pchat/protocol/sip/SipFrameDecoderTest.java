package io.pchat.protocol.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pchat.protocol.sip.SipFrame.Failed;
import io.pchat.protocol.sip.SipFrame.Failed.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.pchat.protocol.sip.SampleMessages.info;
import static io.pchat.protocol.sip.SampleMessages.options;
import static io.pchat.protocol.sip.SampleMessages.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class SipFrameDecoderTest {

    private static final String KEEPALIVE = "KEEPALIVE";

    /** Every buffer fed to a channel, to prove at the end that none leaked. */
    private final List<ByteBuf> inputs = new ArrayList<>();
    private EmbeddedChannel channel = new EmbeddedChannel(new SipFrameDecoder());

    @AfterEach
    void everyInputBufferIsReleased() {
        channel.finishAndReleaseAll();
        assertThat(inputs).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    // ---- framing -------------------------------------------------------------------------

    @Test
    void decodesAMessageWithABodySplitAtEveryPossiblePoint() {
        byte[] message = utf8(info());
        for (int split = 1; split < message.length; split++) {
            channel = new EmbeddedChannel(new SipFrameDecoder());
            List<String> first = feed(slice(message, 0, split));
            List<String> second = feed(slice(message, split, message.length));
            assertThat(first).as("split at %d, before the last byte", split).isEmpty();
            assertThat(second).as("split at %d", split).containsExactly(info());
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void decodesTwoConcatenatedMessagesSplitAtEveryPossiblePoint() {
        String both = info(2, "first body") + info(3, "second, é");
        byte[] bytes = utf8(both);
        for (int split = 1; split < bytes.length; split++) {
            channel = new EmbeddedChannel(new SipFrameDecoder());
            List<String> frames = new ArrayList<>(feed(slice(bytes, 0, split)));
            frames.addAll(feed(slice(bytes, split, bytes.length)));
            assertThat(frames).as("split at %d", split).containsExactly(info(2, "first body"), info(3, "second, é"));
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void decodesAMessageFedOneByteAtATime() {
        byte[] message = utf8(info());
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < message.length; i++) {
            frames.addAll(feed(slice(message, i, i + 1)));
        }
        assertThat(frames).containsExactly(info());
    }

    @Test
    void decodesSeveralMessagesArrivingInOneRead() {
        assertThat(feed(info(2, "a") + options() + info(3, "bc") + options()))
                .containsExactly(info(2, "a"), options(), info(3, "bc"), options());
    }

    @Test
    void decodesAResponseStatusLine() {
        String ok = "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n"
                + "To: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 5 INFO\r\nContent-Length: 0\r\n\r\n";
        assertThat(feed(ok)).containsExactly(ok);
    }

    @Test
    void readsTheCompactContentLengthHeader() {
        String m = "INFO sip:x@y SIP/2.0\r\nl: 5\r\nCall-ID: c\r\n\r\nhello";
        assertThat(feed(m + options())).containsExactly(m, options());
    }

    @Test
    void matchesContentLengthHeaderNamesCaseInsensitively() {
        String upper = "INFO sip:x@y SIP/2.0\r\nCONTENT-LENGTH: 3\r\n\r\nabc";
        String mixed = "INFO sip:x@y SIP/2.0\r\ncontent-Length :4\r\n\r\nabcd";
        String compactUpper = "INFO sip:x@y SIP/2.0\r\nL:\t2\r\n\r\nab";
        assertThat(feed(upper + mixed + compactUpper)).containsExactly(upper, mixed, compactUpper);
    }

    @Test
    void acceptsBareLineFeedLineEndings() {
        String m = "INFO sip:x@y SIP/2.0\nContent-Length: 2\nCall-ID: c\n\nok";
        assertThat(feed(m + m)).containsExactly(m, m);
    }

    @Test
    void treatsAMissingContentLengthAsAnEmptyBody() {
        String m = "BYE sip:x@y SIP/2.0\r\nCall-ID: c\r\n\r\n";
        assertThat(feed(m + options())).containsExactly(m, options());
    }

    @Test
    void unfoldsAFoldedContentLengthValue() {
        String m = "INFO sip:x@y SIP/2.0\r\nContent-Length:\r\n  3\r\n\r\nabc";
        assertThat(feed(m)).containsExactly(m);
    }

    @Test
    void acceptsTheSameContentLengthGivenTwice() {
        String m = "INFO sip:x@y SIP/2.0\r\nContent-Length: 3\r\nl: 3\r\n\r\nabc";
        assertThat(feed(m)).containsExactly(m);
    }

    @Test
    void doesNotMistakeOtherHeadersEndingInLengthForContentLength() {
        String m = "INFO sip:x@y SIP/2.0\r\nX-Content-Length: 9\r\nLength: 7\r\nContent-Length: 1\r\n\r\nz";
        assertThat(feed(m)).containsExactly(m);
    }

    @Test
    void doesNotMistakeFourteenByteNamesThatOnlyLookAlikeForContentLength() {
        // Same length as Content-Length: a CR (0x0D, which case-folding would turn into 0x2D, the
        // hyphen) or an underscore for the hyphen, one letter off at the end.
        String m = "INFO sip:x@y SIP/2.0\r\nContent\rLength: 9\r\nContent_Length: 8\r\nCONTENT-LENGTX: 7\r\n"
                + "Content-Length: 1\r\n\r\nz";
        assertThat(feed(m)).containsExactly(m);
    }

    @Test
    void framesHeaderBlocksWithNonUtf8BytesUnchanged() {
        byte[] head = utf8("INFO sip:x@y SIP/2.0\r\nSubject: ");
        byte[] latin1 = {(byte) 0xe9, (byte) 0xff, (byte) 0xc3};
        byte[] tail = utf8("\r\nContent-Length: 1\r\n\r\nz");
        byte[] message = concat(head, latin1, tail);
        List<SipFrame> frames = feedRaw(message);
        assertThat(frames).hasSize(1);
        SipFrame.Message frame = (SipFrame.Message) frames.get(0);
        assertThat(frame.headerBytes()).isEqualTo(slice(message, 0, message.length - 1));
        assertThat(frame.bodyBytes()).containsExactly('z');
        assertThat(frame.release()).isTrue();
    }

    // ---- keep-alives ----------------------------------------------------------------------

    @Test
    void aDoubleCrlfBeforeTheFirstMessageIsAKeepAlive() {
        assertThat(feed("\r\n\r\n" + options())).containsExactly(KEEPALIVE, options());
    }

    @Test
    void aDoubleCrlfBetweenMessagesIsAKeepAlive() {
        assertThat(feed(options() + "\r\n\r\n" + options())).containsExactly(options(), KEEPALIVE, options());
    }

    @Test
    void aSingleCrlfBetweenMessagesIsSkipped() {
        assertThat(feed("\r\n" + options() + "\r\n" + options())).containsExactly(options(), options());
    }

    @Test
    void aKeepAliveSplitAcrossReadsIsStillOneKeepAlive() {
        assertThat(feed("\r")).isEmpty();
        assertThat(feed("\n\r")).isEmpty();
        assertThat(feed("\n")).containsExactly(KEEPALIVE);
    }

    @Test
    void consecutiveKeepAlivesAreReportedOncePerPair() {
        assertThat(feed("\r\n\r\n\r\n\r\n\r\n" + options())).containsExactly(KEEPALIVE, KEEPALIVE, options());
    }

    @Test
    void bareLineFeedPairsAreKeepAlivesToo() {
        assertThat(feed("\n\n")).containsExactly(KEEPALIVE);
    }

    // ---- limits ---------------------------------------------------------------------------

    @Test
    void aHeaderBlockOverTheLimitLosesFraming() {
        channel = new EmbeddedChannel(new SipFrameDecoder(new SipFrameLimits(100, 1000)));
        String big = "INFO sip:x@y SIP/2.0\r\nX-Padding: " + "p".repeat(100) + "\r\n\r\n";
        List<SipFrame> frames = feedRaw(utf8(big + options()));
        assertThat(frames).singleElement().isInstanceOfSatisfying(Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.HEADER_TOO_LARGE);
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.framingLost()).isTrue();
        });
        assertThat(feed(options())).as("everything after lost framing is discarded").isEmpty();
    }

    @Test
    void aHeaderBlockExactlyAtTheLimitIsAccepted() {
        String m = options();
        channel = new EmbeddedChannel(new SipFrameDecoder(new SipFrameLimits(utf8(m).length, 10)));
        assertThat(feed(m)).containsExactly(m);
    }

    @Test
    void anIncompleteHeaderBlockFailsAsSoonAsItReachesTheLimitWithoutWaitingForMore() {
        channel = new EmbeddedChannel(new SipFrameDecoder(new SipFrameLimits(64, 1000)));
        String start = "INFO sip:x@y SIP/2.0\r\nX-Endless: ";
        assertThat(feed(start)).isEmpty();
        assertThat(feed("a".repeat(64 - start.length() - 1))).as("one byte below the limit").isEmpty();
        assertThat(failures(feedRaw(utf8("a")))).containsExactly(Reason.HEADER_TOO_LARGE);
        assertThat(channel.isOpen()).as("the decoder does not close; the session layer does").isTrue();
    }

    @Test
    void aBodyOverTheLimitIsReported413AndSkippedAndTheNextMessageStillDecodes() {
        channel = new EmbeddedChannel(new SipFrameDecoder(new SipFrameLimits(1024, 10)));
        String big = info(4, "0123456789ABCDEF");
        byte[] bytes = utf8(big + options());
        List<SipFrame> frames = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += 7) {
            frames.addAll(feedRaw(slice(bytes, i, Math.min(bytes.length, i + 7))));
        }
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isInstanceOfSatisfying(Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.BODY_TOO_LARGE);
            assertThat(f.status()).isEqualTo(413);
            assertThat(f.framingLost()).isFalse();
            assertThat(new String(f.headerBlock(), StandardCharsets.UTF_8))
                    .as("the header block is kept so the 413 can be addressed")
                    .isEqualTo(big.substring(0, big.indexOf("\r\n\r\n") + 4));
        });
        assertThat(describe(frames.get(1))).isEqualTo(options());
    }

    @Test
    void aSkippedBodyIsNeverBuffered() {
        channel = new EmbeddedChannel(new SipFrameDecoder(new SipFrameLimits(1024, 10)));
        assertThat(failures(feedRaw(utf8("INFO sip:x@y SIP/2.0\r\nContent-Length: 1000000\r\n\r\n"))))
                .containsExactly(Reason.BODY_TOO_LARGE);
        ByteBuf chunk = Unpooled.wrappedBuffer(new byte[4096]);
        inputs.add(chunk);
        channel.writeInbound(chunk);
        assertThat(chunk.refCnt()).as("the chunk was consumed and released at once").isZero();
    }

    // ---- bad input ------------------------------------------------------------------------

    @Test
    void aNonNumericContentLengthLosesFraming() {
        assertFramingLost("INFO sip:x@y SIP/2.0\r\nContent-Length: ten\r\n\r\n", Reason.BAD_CONTENT_LENGTH);
    }

    @Test
    void aNegativeContentLengthLosesFraming() {
        assertFramingLost("INFO sip:x@y SIP/2.0\r\nContent-Length: -1\r\n\r\n", Reason.BAD_CONTENT_LENGTH);
    }

    @Test
    void anEmptyContentLengthLosesFraming() {
        assertFramingLost("INFO sip:x@y SIP/2.0\r\nContent-Length:\r\n\r\n", Reason.BAD_CONTENT_LENGTH);
    }

    @Test
    void aContentLengthBeyondAnIntLosesFraming() {
        assertFramingLost("INFO sip:x@y SIP/2.0\r\nContent-Length: 2147483648\r\n\r\n", Reason.BAD_CONTENT_LENGTH);
    }

    @Test
    void twoConflictingContentLengthsLoseFraming() {
        assertFramingLost("INFO sip:x@y SIP/2.0\r\nContent-Length: 3\r\nl: 4\r\n\r\nabcd", Reason.BAD_CONTENT_LENGTH);
    }

    @Test
    void aBadContentLengthFailureCarriesTheHeaderBlock() {
        String head = "INFO sip:x@y SIP/2.0\r\nCall-ID: c\r\nContent-Length: x\r\n\r\n";
        List<SipFrame> frames = feedRaw(utf8(head));
        assertThat(frames).singleElement().isInstanceOfSatisfying(Failed.class,
                f -> assertThat(f.headerBlock()).isEqualTo(utf8(head)));
    }

    @Test
    void aGarbageStartLineLosesFraming() {
        assertFramingLost("HELLO THERE\r\nContent-Length: 0\r\n\r\n", Reason.MALFORMED_START_LINE);
        assertFramingLost("INFO sip:x@y HTTP/1.1\r\n\r\n", Reason.MALFORMED_START_LINE);
        assertFramingLost("SIP/2.0 2OO OK\r\n\r\n", Reason.MALFORMED_START_LINE);
        assertFramingLost("INFO  sip:x@y SIP/2.0\r\n\r\n", Reason.MALFORMED_START_LINE);
    }

    @Test
    void binaryInputFailsAtTheFirstImpossibleByteWithoutWaitingForALineEnd() {
        // the start of a TLS ClientHello sent to the plain-TCP port
        List<SipFrame> frames = feedRaw(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
        assertThat(failures(frames)).containsExactly(Reason.MALFORMED_START_LINE);
    }

    @Test
    void inputAfterLostFramingIsDiscardedSilently() {
        assertThat(failures(feedRaw(utf8("\u0000\u0001\r\n")))).containsExactly(Reason.MALFORMED_START_LINE);
        assertThat(feed(options() + "\r\n\r\n" + options())).isEmpty();
    }

    // ---- end of stream --------------------------------------------------------------------

    @Test
    void aConnectionClosedInsideAHeaderBlockReportsTruncationWithoutThrowing() {
        assertThat(feed("INFO sip:x@y SIP/2.0\r\nCall-")).isEmpty();
        channel.close();
        List<SipFrame> frames = drain();
        assertThat(failures(frames)).containsExactly(Reason.TRUNCATED);
        assertThat(((Failed) frames.get(0)).framingLost()).isTrue();
    }

    @Test
    void aConnectionClosedInsideABodyReportsTruncationWithTheHeaderBlock() {
        String m = info();
        assertThat(feed(m.substring(0, m.length() - 5))).isEmpty();
        channel.close();
        List<SipFrame> frames = drain();
        assertThat(frames).singleElement().isInstanceOfSatisfying(Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.TRUNCATED);
            assertThat(f.hasHeaderBlock()).isTrue();
        });
    }

    @Test
    void aConnectionClosedBetweenMessagesReportsNothing() {
        assertThat(feed(options() + "\r\n")).containsExactly(options());
        channel.close();
        assertThat(drain()).isEmpty();
    }

    @Test
    void aConnectionClosedInsideASkippedBodyReportsNothingMore() {
        channel = new EmbeddedChannel(new SipFrameDecoder(new SipFrameLimits(1024, 1)));
        assertThat(failures(feedRaw(utf8("INFO sip:x@y SIP/2.0\r\nContent-Length: 50\r\n\r\nabc"))))
                .containsExactly(Reason.BODY_TOO_LARGE);
        channel.close();
        assertThat(drain()).isEmpty();
    }

    // ---- reference counting ---------------------------------------------------------------

    @Test
    void aMessageFrameHoldsExactlyOneReferenceAndViewsShareIt() {
        List<SipFrame> frames = feedRaw(utf8(info(2, "body")));
        SipFrame.Message frame = (SipFrame.Message) frames.get(0);
        assertThat(frame.refCnt()).isEqualTo(1);
        assertThat(frame.headers().toString(StandardCharsets.UTF_8)).endsWith("Content-Length: 4\r\n\r\n");
        assertThat(frame.body().toString(StandardCharsets.UTF_8)).isEqualTo("body");
        assertThat(frame.bodyLength()).isEqualTo(4);
        assertThat(frame.headerLength() + frame.bodyLength()).isEqualTo(frame.content().readableBytes());
        assertThat(frame.refCnt()).as("views do not retain").isEqualTo(1);
        assertThat(frame.release()).isTrue();
        assertThat(inputs).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void anUnreleasedFrameKeepsTheInputAliveUntilReleased() {
        List<SipFrame> frames = feedRaw(utf8(options() + options()));
        assertThat(frames).hasSize(2);
        ((SipFrame.Message) frames.get(0)).release();
        assertThat(inputs.get(0).refCnt()).as("second frame still refers to the input").isPositive();
        ((SipFrame.Message) frames.get(1)).release();
        assertThat(inputs.get(0).refCnt()).isZero();
    }

    // ---- helpers --------------------------------------------------------------------------

    private void assertFramingLost(String input, Reason reason) {
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new SipFrameDecoder());
        List<SipFrame> frames = feedRaw(utf8(input + options()));
        assertThat(frames).as(input).singleElement().isInstanceOfSatisfying(Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(reason);
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.framingLost()).isTrue();
        });
        assertThat(feed(options())).isEmpty();
    }

    private List<String> feed(String s) {
        return feed(utf8(s));
    }

    private List<String> feed(byte[] bytes) {
        return feedRaw(bytes).stream().map(SipFrameDecoderTest::describe).toList();
    }

    private List<SipFrame> feedRaw(byte[] bytes) {
        ByteBuf buf = Unpooled.copiedBuffer(bytes);
        inputs.add(buf);
        channel.writeInbound(buf);
        return drain();
    }

    private List<SipFrame> drain() {
        List<SipFrame> frames = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            frames.add((SipFrame) o);
        }
        return frames;
    }

    private static List<Reason> failures(List<SipFrame> frames) {
        return frames.stream().map(f -> ((Failed) f).reason()).toList();
    }

    /** The frame as text (and released): a message's full bytes, or a marker. */
    private static String describe(SipFrame frame) {
        if (frame instanceof SipFrame.Message m) {
            String text = m.content().toString(StandardCharsets.UTF_8);
            // release() is true only for the last frame of an input buffer; @AfterEach checks that.
            m.release();
            return text;
        }
        if (frame instanceof SipFrame.KeepAlive) {
            return KEEPALIVE;
        }
        return "FAILED " + ((Failed) frame).reason();
    }

    private static byte[] slice(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
