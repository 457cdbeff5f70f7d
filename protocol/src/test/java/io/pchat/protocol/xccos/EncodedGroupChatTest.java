package io.pchat.protocol.xccos;

import static io.pchat.protocol.xccos.Wire.ROOM;
import static io.pchat.protocol.xccos.Wire.WRITER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EncodedGroupChatTest {

    private final GroupChat delivery = new GroupChat(12, ROOM, "sip:alice@example.com",
            Instant.parse("2026-11-26T09:00:01.1234567Z"), 41L, "Grüße\r\n<all> & 🎉", true, "Story");

    @Test
    void the_envelope_for_each_dialog_equals_what_the_writer_produces() {
        EncodedGroupChat encoded = EncodedGroupChat.of(delivery);
        for (long envid : new long[] {0, 1, 9, 10, 17, 99, 100, 123456789, Long.MAX_VALUE, Long.MIN_VALUE, -10, -1}) {
            assertThat(encoded.envelope(envid)).as("envid %s", Long.toUnsignedString(envid))
                    .isEqualTo(WRITER.encode(Envelope.of(envid, delivery)));
            assertThat(encoded.envelopeLength(envid)).isEqualTo(encoded.envelope(envid).length);
        }
    }

    @Test
    void the_envelope_reads_back_as_the_delivery() {
        byte[] body = EncodedGroupChat.of(delivery).envelope(-1);
        assertThat(Wire.read(body)).isEqualTo(Envelope.of(-1, delivery));
    }

    @Test
    void writes_into_a_caller_buffer_at_an_offset() {
        EncodedGroupChat encoded = EncodedGroupChat.of(delivery);
        byte[] expected = encoded.envelope(5041);
        byte[] buffer = new byte[expected.length + 8];
        assertThat(encoded.writeEnvelope(5041, buffer, 3)).isEqualTo(expected.length);
        byte[] written = new byte[expected.length];
        System.arraycopy(buffer, 3, written, 0, written.length);
        assertThat(written).isEqualTo(expected);
        assertThatThrownBy(() -> encoded.writeEnvelope(5041, buffer, 9)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void keeps_the_message_it_encodes() {
        EncodedGroupChat encoded = EncodedGroupChat.of(delivery);
        assertThat(encoded.chat()).isSameAs(delivery);
        assertThat(encoded.elementLength()).isLessThan(encoded.envelopeLength(1));
    }
}
