package io.pchat.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Hand-made wire bytes, for tests that must say exactly what is on the wire. */
final class LinkWire {

    private LinkWire() {
    }

    /** The frames' wire form, back to back, as {@link LinkFrames#encode} writes it. */
    static byte[] encode(LinkFrame... frames) {
        ByteBuf buf = Unpooled.buffer();
        try {
            for (LinkFrame frame : frames) {
                LinkFrames.encode(frame, buf);
            }
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    /** The body of one frame (what follows its version and type bytes). */
    static byte[] bodyOf(LinkFrame frame) {
        byte[] whole = encode(frame);
        return Arrays.copyOfRange(whole, 6, whole.length);
    }

    /** A frame with a correct length field around the given version, type and body. */
    static byte[] frame(int version, int type, byte[] body) {
        return ByteBuffer.allocate(6 + body.length).putInt(2 + body.length).put((byte) version).put((byte) type)
                .put(body).array();
    }

    /** A version-1 frame with a correct length field. */
    static byte[] frame(int type, byte[] body) {
        return frame(LinkFormat.VERSION, type, body);
    }

    /** Just a length field, for lengths no frame could have. */
    static byte[] lengthField(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static Body body() {
        return new Body();
    }

    /** Builds a body field by field, in the format's encodings, including ones a valid frame never has. */
    static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body i64(long v) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
            return this;
        }

        Body i32(int v) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
            return this;
        }

        Body u8(int v) {
            out.write(v);
            return this;
        }

        Body bool(boolean v) {
            return u8(v ? 1 : 0);
        }

        Body str(String s) {
            return s == null ? i32(-1) : utf8(s.getBytes(StandardCharsets.UTF_8));
        }

        /** A string field holding exactly these bytes, valid UTF-8 or not. */
        Body utf8(byte[] bytes) {
            i32(bytes.length);
            out.writeBytes(bytes);
            return this;
        }

        Body raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
