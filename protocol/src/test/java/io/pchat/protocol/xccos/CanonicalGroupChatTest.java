package io.pchat.protocol.xccos;

import static io.pchat.protocol.xccos.Wire.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The client's shortcut for a delivery exactly as the node writes it: on every input it takes, its
 * result is the full XML reader's; everything else it leaves to that reader (null). Held to that
 * on every fixture, and on every truncation and every one-character corruption of them.
 */
class CanonicalGroupChatTest {

    private static final Instant TS = Instant.parse("2026-11-26T09:00:01.1234567Z");
    private static final XccosReader FULL = new XccosReader(XccosLimits.DEFAULTS, false);
    private static final XccosReader WITH_SHORTCUT = new XccosReader();

    /** Deliveries of every shape the writer has: optional attributes, every escape, non-ASCII text. */
    static List<GroupChat> deliveries() {
        String tricky = "a \"quoted\" <tag> & 'apos' \r\n\ttab ]]> \u0001 control, Grüße 🎉 \uFFFD";
        return List.of(
                new GroupChat(7, ROOM, "sip:alice@example.com", TS, 41L, "text", false, null),
                new GroupChat(8, ROOM, "sip:a@example.com", TS, 42L, "body", true, "Title"),
                new GroupChat(0, ROOM, null, TS, null, "", false, null),
                new GroupChat(Long.MAX_VALUE, ROOM, tricky, TS, Long.MAX_VALUE, tricky, true, tricky),
                new GroupChat(3, ROOM, "sip:bob@example.com", Instant.parse("2026-01-01T00:00:00Z"), 1L, "   ", false, ""),
                new GroupChat(4, ROOM, "sip:bob@example.com", TS, 2L, "line one\nline two\n", false, null));
    }

    private static String text(GroupChat chat, long envid) {
        return new String(EncodedGroupChat.of(chat).envelope(envid), StandardCharsets.UTF_8);
    }

    private static Envelope shortcut(String text) {
        char[] chars = text.toCharArray();
        return CanonicalGroupChat.read(chars, 0, chars.length, XccosLimits.DEFAULTS);
    }

    private static XccosDecodeResult full(String text) {
        return FULL.read(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The shortcut's answer is null, or exactly what the full reader reads. The shortcut sees the
     * characters the reader decodes from the wire's UTF-8 (a lone surrogate left by a corruption
     * never reaches it: it is no UTF-8).
     */
    private static void agreesOrDeclines(String corrupted) {
        String text = new String(corrupted.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        Envelope fast = shortcut(text);
        if (fast != null) {
            assertThat(full(text)).as("full reader on %s", text).isEqualTo(new XccosDecodeResult.Decoded(fast));
        }
    }

    @Test
    void everyDeliveryAsTheNodeWritesItIsTakenAndReadAsTheFullReaderReadsIt() {
        for (GroupChat chat : deliveries()) {
            for (long envid : new long[] {1, 17, Long.MAX_VALUE, -1}) {
                String text = text(chat, envid);
                Envelope fast = shortcut(text);
                assertThat(fast).as("taken: %s", text).isNotNull();
                assertThat(full(text)).isEqualTo(new XccosDecodeResult.Decoded(fast));
                assertThat(WITH_SHORTCUT.read(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(full(text));
            }
        }
    }

    @Test
    void everyTruncationIsDeclined() {
        for (GroupChat chat : deliveries()) {
            String text = text(chat, 5);
            for (int n = 0; n < text.length(); n++) {
                assertThat(shortcut(text.substring(0, n))).as("first %d chars", n).isNull();
            }
        }
    }

    @Test
    void everyOneCharacterCorruptionIsDeclinedOrReadAsTheFullReaderReadsIt() {
        char[] replacements = {' ', '"', '<', '>', '&', '=', '\r', '\n', '\t', 'x', '9', '\u0000', '\uFFFE', ';', '#', 'Z'};
        int checked = 0;
        for (GroupChat chat : deliveries()) {
            String text = text(chat, 5);
            for (int i = 0; i < text.length(); i++) {
                for (char r : replacements) {
                    if (text.charAt(i) != r) {
                        agreesOrDeclines(text.substring(0, i) + r + text.substring(i + 1));
                        checked++;
                    }
                }
                agreesOrDeclines(text.substring(0, i) + text.substring(i + 1)); // a character dropped
                checked++;
            }
        }
        assertThat(checked).as("corruptions tried").isGreaterThan(10_000);
    }

    @Test
    void whatTheWriterNeverWritesIsLeftToTheFullReader() {
        String canonical = text(deliveries().get(0), 5);
        for (String other : List.of(
                canonical.replace("<xccos ver=\"1\" envid=\"5\"", "<xccos envid=\"5\" ver=\"1\""),      // another order
                canonical.replace(" seqid=\"7\"", " seqid='7'"),                                       // single quotes
                canonical.replace(" seqid=\"7\"", " seqid = \"7\""),                                   // spaces around =
                canonical.replace(" seqid=\"7\"", " seqid=\"7\" seqid=\"8\""),                         // repeated
                canonical.replace(" seqid=\"7\"", " seqid=\"7\" extra=\"x\""),                         // unknown
                canonical.replace("<chat>text</chat>", "<chat>te&#120;t</chat>"),                      // another reference
                canonical.replace("<chat>text</chat>", "<chat><![CDATA[text]]></chat>"),               // CDATA
                canonical.replace("<chat>text</chat>", "<chat>text</chat><chat>more</chat>"),          // a second chat
                canonical.replace("</xccos>", "</xccos>\n"),                                           // trailing text
                "<?xml version=\"1.0\"?>" + canonical,                                                 // a declaration
                canonical.replace("ver=\"1\"", "ver=\"2\""),
                canonical.replace("xmlns=\"urn:parlano:xml:ns:xccos\"", "xmlns=\"urn:other\""),
                canonical.replace("id=\"grpchat\"", "id=\"other\""))) {
            assertThat(shortcut(other)).as(other).isNull();
            assertThat(full(other)).as("the full reader still answers").isNotNull();
        }
    }

    @Test
    void aValueOrTextOverTheLimitsIsLeftToTheFullReaderWhichRefusesIt() {
        XccosLimits tight = new XccosLimits(XccosLimits.DEFAULTS.maxInputBytes(), XccosLimits.DEFAULTS.maxDepth(),
                XccosLimits.DEFAULTS.maxElements(), 10, 3);
        String text = text(deliveries().get(0), 5);
        char[] chars = text.toCharArray();
        assertThat(CanonicalGroupChat.read(chars, 0, chars.length, tight)).isNull();
        assertThat(new XccosReader(tight).read(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(XccosDecodeResult.Failed.class);
    }
}
