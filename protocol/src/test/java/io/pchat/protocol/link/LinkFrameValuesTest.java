package io.pchat.protocol.link;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Map;

import static io.pchat.protocol.link.SampleFrames.TS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The records' invariants, checked when built, so that no invalid frame exists to be sent. */
class LinkFrameValuesTest {

    @Test
    void theFormatConstants() {
        assertThat(LinkFrame.VERSION).isEqualTo(LinkFormat.VERSION).isEqualTo(1);
        assertThat(LinkFormat.DEFAULT_MAX_FRAME_BYTES).isEqualTo(1024 * 1024);
        assertThat(LinkFormat.DEFAULT_PORT).isEqualTo(8011);
    }

    @Test
    void everyFieldNotMarkedNullableRefusesNull() {
        Map<String, Executable> constructions = Map.ofEntries(
                Map.entry("nodeId", () -> new Hello(1, null, "d", 0)),
                Map.entry("dataCenter", () -> new Hello(1, "n", null, 0)),
                Map.entry("roomId", () -> new ForwardPost(1, null, "a", "t", false, null)),
                Map.entry("author", () -> new ForwardPost(1, "r", null, "t", false, null)),
                Map.entry("text", () -> new ForwardPost(1, "r", "a", null, false, null)),
                Map.entry("status", () -> new PostResult(1, null, 0, "")),
                Map.entry("reason", () -> new PostResult(1, PostStatus.REFUSED, 0, null)),
                Map.entry("Deliver.roomId", () -> new Deliver(null, 1, TS, "a", "t", false, null)),
                Map.entry("ts", () -> new Deliver("r", 1, null, "a", "t", false, null)),
                Map.entry("Deliver.author", () -> new Deliver("r", 1, TS, null, "t", false, null)),
                Map.entry("Deliver.text", () -> new Deliver("r", 1, TS, "a", null, false, null)),
                Map.entry("Presence.roomId", () -> new Presence(null, "u", true, false, false)),
                Map.entry("user", () -> new Presence("r", null, true, false, false)),
                Map.entry("Acquire.roomId", () -> new Acquire(1, null)),
                Map.entry("AcquireResult.roomId", () -> new AcquireResult(1, null, true)),
                Map.entry("InvalidFrame.reason", () -> new InvalidFrame(null, false)));
        assertAll(constructions.entrySet().stream().map(e -> () -> {
            NullPointerException npe = assertThrows(NullPointerException.class, e.getValue(), e.getKey());
            String field = e.getKey().substring(e.getKey().indexOf('.') + 1);
            assertThat(npe).as(e.getKey()).hasMessage(field);
        }));
    }

    @Test
    void onlyTheStoryTitleMayBeNull() {
        assertThat(new ForwardPost(1, "r", "a", "t", false, null).storyTitle()).isNull();
        assertThat(new Deliver("r", 1, TS, "a", "t", false, null).storyTitle()).isNull();
    }

    @Test
    void aDeliveredMessageHasAMsgidOfAtLeastOne() {
        assertThat(new Deliver("r", 1, TS, "a", "t", false, null).msgid()).isEqualTo(1);
        assertThatThrownBy(() -> new Deliver("r", 0, TS, "a", "t", false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("msgid must be at least 1, was 0");
        assertThatThrownBy(() -> new Deliver("r", -5, TS, "a", "t", false, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPostResultCarriesAMsgidExactlyWhenThePostWasStored() {
        assertThat(PostResult.ok(3, 12)).isEqualTo(new PostResult(3, PostStatus.OK, 12, ""));
        assertThat(PostResult.failed(3, PostStatus.NOT_OWNER, "moved"))
                .isEqualTo(new PostResult(3, PostStatus.NOT_OWNER, 0, "moved"));
        assertThatThrownBy(() -> PostResult.ok(3, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("msgid must be at least 1 when the status is OK, was 0");
        assertThatThrownBy(() -> new PostResult(3, PostStatus.UNAVAILABLE, 9, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("msgid must be 0 when the status is UNAVAILABLE, was 9");
    }

    @Test
    void postStatusOrdinalsAreWireValuesAndNeverChange() {
        assertThat(PostStatus.values())
                .containsExactly(PostStatus.OK, PostStatus.NOT_OWNER, PostStatus.UNAVAILABLE, PostStatus.REFUSED,
                        PostStatus.UNKNOWN);
    }

    @Test
    void aHelloAcceptsAnyVersionSoTheHandshakeCanRefuseItByName() {
        assertThat(new Hello(0, "n", "d", 1).version()).isZero();
        assertThat(new Hello(-3, "n", "d", 1).version()).isEqualTo(-3);
    }

    @Test
    void pingHasOneInstanceAndEqualsAnyOther() {
        assertThat(Ping.INSTANCE).isEqualTo(new Ping());
    }

    @Test
    void anInvalidFrameHasAReason() {
        assertThatThrownBy(() -> new InvalidFrame("", true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new InvalidFrame("x", true).framingLost()).isTrue();
    }
}
