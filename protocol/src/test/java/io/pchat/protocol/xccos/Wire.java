package io.pchat.protocol.xccos;

import static org.assertj.core.api.Assertions.assertThat;

import io.pchat.protocol.xccos.XccosDecodeResult.Decoded;
import io.pchat.protocol.xccos.XccosDecodeResult.Failed;
import java.nio.charset.StandardCharsets;

/** Reading and writing as the tests need it: strings in, envelopes or failures out. */
final class Wire {

    static final XccosReader READER = new XccosReader();
    static final XccosWriter WRITER = new XccosWriter();

    static final String ROOM_ID = "0b4c6a4e-2d1f-4c55-9a3e-7f1e2a9b8c01";
    static final String ROOM = "ma-chan://example.com/" + ROOM_ID;
    static final String CATEGORY = "ma-cat://example.com/4f8e1c2a-77d0-4b1e-8d59-2c3b4a5d6e7f";

    private Wire() {
    }

    /** The body read, which must succeed. */
    static Envelope read(String xml) {
        return read(xml.getBytes(StandardCharsets.UTF_8));
    }

    static Envelope read(byte[] body) {
        XccosDecodeResult result = READER.read(body);
        assertThat(result).as("reading %s", new String(body, StandardCharsets.UTF_8)).isInstanceOf(Decoded.class);
        return ((Decoded) result).envelope();
    }

    /** The body read, which must fail. */
    static Failed failure(String xml) {
        return failure(READER, xml.getBytes(StandardCharsets.UTF_8));
    }

    static Failed failure(XccosReader reader, byte[] body) {
        XccosDecodeResult result = reader.read(body);
        assertThat(result).as("reading %s", new String(body, StandardCharsets.UTF_8)).isInstanceOf(Failed.class);
        return (Failed) result;
    }

    /** An envelope around some items, as a client would send it. */
    static String envelope(String items) {
        return "<xccos ver=\"1\" envid=\"17\" xmlns=\"urn:parlano:xml:ns:xccos\">" + items + "</xccos>";
    }

    /** The single item of a body. */
    static EnvelopeItem onlyItem(String xml) {
        Envelope e = read(xml);
        assertThat(e.items()).hasSize(1);
        return e.items().get(0);
    }

    /** Written, then read back. */
    static Envelope roundTrip(Envelope e) {
        return read(WRITER.encode(e));
    }
}
