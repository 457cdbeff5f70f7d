package io.pchat.protocol.link;

import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Frames to feed the codec: one ordinary frame of every type, edge cases, and random ones. */
@SuppressWarnings("EnumOrdinal") // a random non-OK status: any of the failures will do
final class SampleFrames {

    static final Instant TS = Instant.parse("2026-11-26T10:15:30.123456789Z");

    private SampleFrames() {
    }

    /** One ordinary frame of every encodable type, in type-code order. */
    static List<LinkFrame> oneOfEachType() {
        return List.of(
                new Hello(1, "node-a", "dc-east", 42),
                new ForwardPost(7, "room-1", "sip:alice@example.com", "hello, room", false, null),
                PostResult.ok(7, 1001),
                new Deliver("room-1", 1001, TS, "sip:alice@example.com", "hello, room", true, "Quarterly"),
                new Presence("room-1", "sip:bob@example.com", true, false, true),
                new Acquire(8, "room-2"),
                new AcquireResult(8, "room-2", true),
                Ping.INSTANCE,
                new MirrorCheck(9),
                new MirrorCheckResult(9, true));
    }

    /** Frames at the edges of every field's range. */
    static List<LinkFrame> edgeCases() {
        String longText = "0123456789".repeat(10_240); // 100 KiB
        String nonAscii = "Grüße, 東京 \uD83D\uDE00 ÿ\u0000\u007f"; // two-, three- and four-byte UTF-8, NUL, DEL
        return List.of(
                new Hello(Integer.MIN_VALUE, "", "", Long.MIN_VALUE),
                new Hello(Integer.MAX_VALUE, nonAscii, nonAscii, Long.MAX_VALUE),
                new ForwardPost(Long.MIN_VALUE, "", "", "", true, ""),
                new ForwardPost(Long.MAX_VALUE, nonAscii, nonAscii, nonAscii, false, nonAscii),
                new ForwardPost(0, "r", "a", longText, true, longText),
                new ForwardPost(-1, "r", "a", "line one\nline two\r\n", false, null),
                PostResult.ok(Long.MIN_VALUE, Long.MAX_VALUE),
                PostResult.ok(-1, 1),
                PostResult.failed(Long.MAX_VALUE, PostStatus.NOT_OWNER, ""),
                PostResult.failed(0, PostStatus.UNAVAILABLE, "storage unavailable"),
                PostResult.failed(1, PostStatus.REFUSED, nonAscii),
                new Deliver("", 1, Instant.EPOCH, "", "", false, null),
                new Deliver(nonAscii, Long.MAX_VALUE, Instant.MAX, nonAscii, longText, true, nonAscii),
                new Deliver("r", 2, Instant.MIN, "a", "t", false, ""),
                new Deliver("r", 3, Instant.ofEpochSecond(-1, 999_999_999), "a", "before 1970", true, null),
                new Presence("", "", false, false, false),
                new Presence(nonAscii, nonAscii, true, true, true),
                new Presence("r", "u", false, true, false),
                new Acquire(Long.MIN_VALUE, ""),
                new Acquire(Long.MAX_VALUE, nonAscii),
                new AcquireResult(Long.MIN_VALUE, "", false),
                new AcquireResult(Long.MAX_VALUE, nonAscii, true));
    }

    /** A valid frame of a random type with random content (short strings, sometimes non-ASCII). */
    static LinkFrame random(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> new Hello(random.nextInt(), string(random), string(random), random.nextLong());
            case 1 -> new ForwardPost(random.nextLong(), string(random), string(random), string(random),
                    random.nextBoolean(), nullableString(random));
            case 2 -> random.nextBoolean()
                    ? PostResult.ok(random.nextLong(), 1 + random.nextInt(Integer.MAX_VALUE))
                    : PostResult.failed(random.nextLong(), PostStatus.values()[1 + random.nextInt(3)], string(random));
            case 3 -> new Deliver(string(random), 1 + random.nextInt(Integer.MAX_VALUE),
                    Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000)), string(random),
                    string(random), random.nextBoolean(), nullableString(random));
            case 4 -> new Presence(string(random), string(random), random.nextBoolean(), random.nextBoolean(),
                    random.nextBoolean());
            case 5 -> new Acquire(random.nextLong(), string(random));
            case 6 -> new AcquireResult(random.nextLong(), string(random), random.nextBoolean());
            case 7 -> new MirrorCheck(random.nextLong());
            case 8 -> new MirrorCheckResult(random.nextLong(), random.nextBoolean());
            default -> Ping.INSTANCE;
        };
    }

    private static String nullableString(Random random) {
        return random.nextInt(3) == 0 ? null : string(random);
    }

    private static String string(Random random) {
        String alphabet = "abcxyz-_@.: éü東京";
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(random.nextInt(10) == 0 ? 400 : 20); n > 0; n--) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
